/** policy-router-v2 log 0x59: Shard bounced create_policy_sharded; the first field is the policy id, value is not meaningful. */
import { coins, log, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const policyCreationBouncedLog = log(0x59, 'policy-creation-bounced-log', {
  policyId: uintBig(64),
  op: uint(32),
  value: coins,
});
export type PolicyCreationBouncedLog = ValueOf<typeof policyCreationBouncedLog>;
export const loadPolicyCreationBouncedLog = policyCreationBouncedLog.load;
export const storePolicyCreationBouncedLog = policyCreationBouncedLog.store;
