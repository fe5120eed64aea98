/** treasury-v2 inbound op 0x01: Receive a premium (anyone; amount from the body) and split it 70/20/10. */
import { cellRef, coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const receivePremium = message(0x01, 'receive-premium', 'inline', {
  policyId: uintBig(64),
  amount: coins,
  policyData: cellRef,
});
export type ReceivePremium = ValueOf<typeof receivePremium>;
export const loadReceivePremium = receivePremium.load;
export const storeReceivePremium = receivePremium.store;
