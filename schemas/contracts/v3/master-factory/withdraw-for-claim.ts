/** master-factory-v3 out-message 0x60: Claim payment request to the vault (0.1 TON), op + ref. */
import { address, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const withdrawForClaim = message(0x60, 'withdraw-for-claim', 'ref', {
  policyId: uintBig(64),
  productType: uint(8),
  assetId: uint(16),
  user: address,
  coverageAmount: coins,
  triggerPrice: uint(32),
  triggerTime: uint(32),
});
export type WithdrawForClaim = ValueOf<typeof withdrawForClaim>;
export const loadWithdrawForClaim = withdrawForClaim.load;
export const storeWithdrawForClaim = withdrawForClaim.store;
