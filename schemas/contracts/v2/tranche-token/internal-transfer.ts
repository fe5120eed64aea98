/** tranche-token-v2 out-message 0x178d4519: Jetton internal_transfer to the holder wallet (StateInit attached). */
import { address, bool, coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const internalTransfer = message(0x178d4519, 'internal-transfer', 'inline', {
  queryId: uintBig(64),
  amount: coins,
  from: address,
  responseAddress: address,
  forwardTonAmount: coins,
  forwardPayloadInRef: bool,
});
export type InternalTransfer = ValueOf<typeof internalTransfer>;
export const loadInternalTransfer = internalTransfer.load;
export const storeInternalTransfer = internalTransfer.store;
