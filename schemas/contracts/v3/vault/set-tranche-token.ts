/** vault-v3 inbound op 0x12: Set a tranche token (master factory). */
import { address, message, uint, type ValueOf } from '../../common/codec.js';

export const setTrancheToken = message(0x12, 'set-tranche-token', 'inline', {
  trancheId: uint(8),
  token: address,
});
export type SetTrancheToken = ValueOf<typeof setTrancheToken>;
export const loadSetTrancheToken = setTrancheToken.load;
export const storeSetTrancheToken = setTrancheToken.store;
