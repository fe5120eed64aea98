/** policy-router-v2 log 0x56: Shard address overridden. */
import { address, log, uint, type ValueOf } from '../../common/codec.js';

export const shardAddressOverriddenLog = log(0x56, 'shard-address-overridden-log', {
  shardId: uint(8),
  shard: address,
});
export type ShardAddressOverriddenLog = ValueOf<typeof shardAddressOverriddenLog>;
export const loadShardAddressOverriddenLog = shardAddressOverriddenLog.load;
export const storeShardAddressOverriddenLog = shardAddressOverriddenLog.store;
