/** natcat-child-v3 inbound op 0x42: Set the float master (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setFloatMaster = message(0x42, 'set-float-master', 'inline', { floatMaster: address });
export type SetFloatMaster = ValueOf<typeof setFloatMaster>;
export const loadSetFloatMaster = setFloatMaster.load;
export const storeSetFloatMaster = setFloatMaster.store;
