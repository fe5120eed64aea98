/** vault-v3 inbound op 0x60: Pay a claim (master factory; inline; absorb_loss also requires the claims processor). */
import { address, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const withdrawForClaim = message(0x60, 'withdraw-for-claim', 'inline', {
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
