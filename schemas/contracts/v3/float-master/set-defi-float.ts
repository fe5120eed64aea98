/** float-master-v3 inbound op 0x72: Set the DeFi float (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setDefiFloat = message(0x72, 'set-defi-float', 'inline', { defiFloat: address });
export type SetDefiFloat = ValueOf<typeof setDefiFloat>;
export const loadSetDefiFloat = setDefiFloat.load;
export const storeSetDefiFloat = setDefiFloat.store;
