/** parametric-escrow-v3 inbound op 0x05: Freeze for dispute (admin). */
import { message, type ValueOf } from '../../common/codec.js';

export const freezeDispute = message(0x05, 'freeze-dispute', 'inline', {});
export type FreezeDispute = ValueOf<typeof freezeDispute>;
export const loadFreezeDispute = freezeDispute.load;
export const storeFreezeDispute = freezeDispute.store;
