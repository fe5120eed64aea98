/** policy-shard-v2 log 0x53: Shard pause flag changed. */
import { bool, log, uint, type ValueOf } from '../../common/codec.js';

export const shardPausedUnpausedLog = log(0x53, 'shard-paused-unpaused-log', {
  shardId: uint(8),
  paused: bool,
});
export type ShardPausedUnpausedLog = ValueOf<typeof shardPausedUnpausedLog>;
export const loadShardPausedUnpausedLog = shardPausedUnpausedLog.load;
export const storeShardPausedUnpausedLog = shardPausedUnpausedLog.store;
