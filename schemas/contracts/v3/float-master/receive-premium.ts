/** float-master-v3 inbound op 0x60: Receive and split a premium 50/15/15/20 (anyone). */
import { coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const receivePremium = message(0x60, 'receive-premium', 'inline', {
  policyId: uintBig(64),
  premium: coins,
  productType: uint(8),
  assetId: uint(16),
  coverageAmount: coins,
  expiry: uint(32),
});
export type ReceivePremium = ValueOf<typeof receivePremium>;
export const loadReceivePremium = receivePremium.load;
export const storeReceivePremium = receivePremium.store;
