/** vault-v2 inbound op 0x14: Set the LP token master of a tranche (admin). */
import { address, message, uint, type ValueOf } from '../../common/codec.js';

export const setTrancheToken = message(0x14, 'set-tranche-token', 'inline', {
  trancheId: uint(8),
  token: address,
});
export type SetTrancheToken = ValueOf<typeof setTrancheToken>;
export const loadSetTrancheToken = setTrancheToken.load;
export const storeSetTrancheToken = setTrancheToken.store;
