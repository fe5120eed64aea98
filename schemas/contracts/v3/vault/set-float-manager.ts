/** vault-v3 inbound op 0x17: Set the float manager (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setFloatManager = message(0x17, 'set-float-manager', 'inline', { floatManager: address });
export type SetFloatManager = ValueOf<typeof setFloatManager>;
export const loadSetFloatManager = setFloatManager.load;
export const storeSetFloatManager = setFloatManager.store;
