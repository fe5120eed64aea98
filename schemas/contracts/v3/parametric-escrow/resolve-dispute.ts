/** parametric-escrow-v3 inbound op 0x06: Resolve a dispute: 0 refund vault, 1 pay user, 2 split 50/50 (admin). */
import { message, uint, type ValueOf } from '../../common/codec.js';

export const resolveDispute = message(0x06, 'resolve-dispute', 'inline', { resolution: uint(8) });
export type ResolveDispute = ValueOf<typeof resolveDispute>;
export const loadResolveDispute = resolveDispute.load;
export const storeResolveDispute = resolveDispute.store;
