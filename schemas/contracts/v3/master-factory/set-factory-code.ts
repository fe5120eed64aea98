/** master-factory-v3 inbound op 0x22: Set a sub-factory code (admin). */
import { hashedCellRef, message, uint, type ValueOf } from '../../common/codec.js';

export const setFactoryCode = message(0x22, 'set-factory-code', 'inline', {
  productType: uint(8),
  code: hashedCellRef,
});
export type SetFactoryCode = ValueOf<typeof setFactoryCode>;
export const loadSetFactoryCode = setFactoryCode.load;
export const storeSetFactoryCode = setFactoryCode.store;
