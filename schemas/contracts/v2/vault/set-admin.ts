/** vault-v2 inbound op 0x12: Set the admin (owner). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setAdmin = message(0x12, 'set-admin', 'inline', { admin: address });
export type SetAdmin = ValueOf<typeof setAdmin>;
export const loadSetAdmin = setAdmin.load;
export const storeSetAdmin = setAdmin.store;
