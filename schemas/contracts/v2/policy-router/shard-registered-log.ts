/** policy-router-v2 log 0x55: Shard registered. */
import { address, log, uint, type ValueOf } from '../../common/codec.js';

export const shardRegisteredLog = log(0x55, 'shard-registered-log', { shardId: uint(8), shard: address });
export type ShardRegisteredLog = ValueOf<typeof shardRegisteredLog>;
export const loadShardRegisteredLog = shardRegisteredLog.load;
export const storeShardRegisteredLog = shardRegisteredLog.store;
