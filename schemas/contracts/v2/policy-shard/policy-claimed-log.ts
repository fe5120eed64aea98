/** policy-shard-v2 log 0x52: Policy marked claimed. */
import { coins, log, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const policyClaimedLog = log(0x52, 'policy-claimed-log', {
  policyId: uintBig(64),
  shardId: uint(8),
  coverageAmount: coins,
});
export type PolicyClaimedLog = ValueOf<typeof policyClaimedLog>;
export const loadPolicyClaimedLog = policyClaimedLog.load;
export const storePolicyClaimedLog = policyClaimedLog.store;
