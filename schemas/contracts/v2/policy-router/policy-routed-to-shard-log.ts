/** policy-router-v2 log 0x54: Policy routed to its shard (emitted before the shard confirms). */
import { address, coins, log, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const policyRoutedToShardLog = log(0x54, 'policy-routed-to-shard-log', {
  policyId: uintBig(64),
  shardId: uint(8),
  user: address,
  coverageType: uint(8),
  chainId: uint(8),
  stablecoinId: uint(8),
  coverageAmount: coins,
  durationDays: uint(16),
  premium: coins,
});
export type PolicyRoutedToShardLog = ValueOf<typeof policyRoutedToShardLog>;
export const loadPolicyRoutedToShardLog = policyRoutedToShardLog.load;
export const storePolicyRoutedToShardLog = policyRoutedToShardLog.store;
