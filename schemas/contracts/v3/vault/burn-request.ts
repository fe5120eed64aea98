/** vault-v3 out-message 0x595f07bc: Burn request to the tranche token, op + ref. */
import { address, coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const burnRequest = message(0x595f07bc, 'burn-request', 'ref', {
  txId: uintBig(64),
  tokenAmount: coins,
  withdrawer: address,
  responseAddress: address,
});
export type BurnRequest = ValueOf<typeof burnRequest>;
export const loadBurnRequest = burnRequest.load;
export const storeBurnRequest = burnRequest.store;
