/** policy-router-v2 log 0x57: Shards registered in a batch. */
import { log, uint, type ValueOf } from '../../common/codec.js';

export const shardsRegisteredBatchLog = log(0x57, 'shards-registered-batch-log', { count: uint(8) });
export type ShardsRegisteredBatchLog = ValueOf<typeof shardsRegisteredBatchLog>;
export const loadShardsRegisteredBatchLog = shardsRegisteredBatchLog.load;
export const storeShardsRegisteredBatchLog = shardsRegisteredBatchLog.store;
