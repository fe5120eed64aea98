/** policy-shard-v2 out-message 0x50: Confirmation to the policy holder (0.01 TON). */
import { coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const policyConfirmation = message(0x50, 'policy-confirmation', 'inline', {
  policyId: uintBig(64),
  shardId: uint(8),
  premium: coins,
});
export type PolicyConfirmation = ValueOf<typeof policyConfirmation>;
export const loadPolicyConfirmation = policyConfirmation.load;
export const storePolicyConfirmation = policyConfirmation.store;
