/** treasury-v2 inbound op 0x04: Record yield distributed to a tranche (anyone). */
import { coins, message, uint, type ValueOf } from '../../common/codec.js';

export const receiveYieldConfirmation = message(0x04, 'receive-yield-confirmation', 'inline', {
  trancheId: uint(8),
  yieldAmount: coins,
});
export type ReceiveYieldConfirmation = ValueOf<typeof receiveYieldConfirmation>;
export const loadReceiveYieldConfirmation = receiveYieldConfirmation.load;
export const storeReceiveYieldConfirmation = receiveYieldConfirmation.store;
