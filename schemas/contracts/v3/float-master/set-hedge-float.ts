/** float-master-v3 inbound op 0x73: Set the hedge float (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setHedgeFloat = message(0x73, 'set-hedge-float', 'inline', { hedgeFloat: address });
export type SetHedgeFloat = ValueOf<typeof setHedgeFloat>;
export const loadSetHedgeFloat = setHedgeFloat.load;
export const storeSetHedgeFloat = setHedgeFloat.store;
