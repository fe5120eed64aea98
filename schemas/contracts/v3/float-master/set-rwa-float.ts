/** float-master-v3 inbound op 0x70: Set the RWA float (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setRwaFloat = message(0x70, 'set-rwa-float', 'inline', { rwaFloat: address });
export type SetRwaFloat = ValueOf<typeof setRwaFloat>;
export const loadSetRwaFloat = setRwaFloat.load;
export const storeSetRwaFloat = setRwaFloat.store;
