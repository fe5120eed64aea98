/** policy-nft-minter-v3 inbound op 0x56: Unpause (admin). */
import { message, type ValueOf } from '../../common/codec.js';

export const unpause = message(0x56, 'unpause', 'inline', {});
export type Unpause = ValueOf<typeof unpause>;
export const loadUnpause = unpause.load;
export const storeUnpause = unpause.store;
