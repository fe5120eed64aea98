/** policy-shard-v2 log 0x51: Policy stored in the shard. */
import { address, coins, log, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const policyCreatedInShardLog = log(0x51, 'policy-created-in-shard-log', {
  policyId: uintBig(64),
  shardId: uint(8),
  user: address,
  coverageType: uint(8),
  chainId: uint(8),
  stablecoinId: uint(8),
  coverageAmount: coins,
  durationDays: uint(16),
  productHash: uint(32),
});
export type PolicyCreatedInShardLog = ValueOf<typeof policyCreatedInShardLog>;
export const loadPolicyCreatedInShardLog = policyCreatedInShardLog.load;
export const storePolicyCreatedInShardLog = policyCreatedInShardLog.store;
