/** parametric-escrow-v3 inbound op 0x01: Activate the escrow; collateral = message value (vault only). */
import { message, type ValueOf } from '../../common/codec.js';

export const initialize = message(0x01, 'initialize', 'inline', {});
export type Initialize = ValueOf<typeof initialize>;
export const loadInitialize = initialize.load;
export const storeInitialize = initialize.store;
