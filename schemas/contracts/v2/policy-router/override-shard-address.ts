/** policy-router-v2 inbound op 0x11: Replace a shard address (owner). */
import { address, message, uint, type ValueOf } from '../../common/codec.js';

export const overrideShardAddress = message(0x11, 'override-shard-address', 'inline', {
  shardId: uint(8),
  shard: address,
});
export type OverrideShardAddress = ValueOf<typeof overrideShardAddress>;
export const loadOverrideShardAddress = overrideShardAddress.load;
export const storeOverrideShardAddress = overrideShardAddress.store;
