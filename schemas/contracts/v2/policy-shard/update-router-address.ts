/** policy-shard-v2 inbound op 0x72: Set the router (owner). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const updateRouterAddress = message(0x72, 'update-router-address', 'inline', { router: address });
export type UpdateRouterAddress = ValueOf<typeof updateRouterAddress>;
export const loadUpdateRouterAddress = updateRouterAddress.load;
export const storeUpdateRouterAddress = updateRouterAddress.store;
