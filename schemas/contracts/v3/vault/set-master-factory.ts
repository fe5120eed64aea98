/** vault-v3 inbound op 0x10: Set the master factory (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setMasterFactory = message(0x10, 'set-master-factory', 'inline', { masterFactory: address });
export type SetMasterFactory = ValueOf<typeof setMasterFactory>;
export const loadSetMasterFactory = setMasterFactory.load;
export const storeSetMasterFactory = setMasterFactory.store;
