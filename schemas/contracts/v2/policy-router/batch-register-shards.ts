/** policy-router-v2 inbound op 0x12: Register many shards: ref{count u8, count x (shard_id u8, addr)} (owner). */
import { address, counted, message, ref, struct, uint, type ValueOf } from '../../common/codec.js';

export const batchRegisterShards = message(0x12, 'batch-register-shards', 'inline', {
  shards: ref(counted(8, struct({ shardId: uint(8), shard: address }))),
});
export type BatchRegisterShards = ValueOf<typeof batchRegisterShards>;
export const loadBatchRegisterShards = batchRegisterShards.load;
export const storeBatchRegisterShards = batchRegisterShards.store;
