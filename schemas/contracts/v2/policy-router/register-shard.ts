/** policy-router-v2 inbound op 0x10: Register a shard (owner; 409 if the id exists). */
import { address, message, uint, type ValueOf } from '../../common/codec.js';

export const registerShard = message(0x10, 'register-shard', 'inline', { shardId: uint(8), shard: address });
export type RegisterShard = ValueOf<typeof registerShard>;
export const loadRegisterShard = registerShard.load;
export const storeRegisterShard = registerShard.store;
