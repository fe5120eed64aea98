/** protocol-child-v3 out-message 0x52: Premium to the vault address (premium + 0.01 TON). */
import { coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const policyPremium = message(0x52, 'policy-premium', 'ref', {
  policyId: uintBig(64),
  premium: coins,
  productType: uint(8),
  assetId: uint(16),
  coverageAmount: coins,
  expiry: uint(32),
});
export type PolicyPremium = ValueOf<typeof policyPremium>;
export const loadPolicyPremium = policyPremium.load;
export const storePolicyPremium = policyPremium.store;
