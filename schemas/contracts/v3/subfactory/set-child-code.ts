/** Sub-factories v3 (depeg/bridge/oracle/contract/natcat) inbound op 0x32: Set the child code of an asset (master factory). */
import { hashedCellRef, message, uint, type ValueOf } from '../../common/codec.js';

export const setChildCode = message(0x32, 'set-child-code', 'inline', {
  assetId: uint(16),
  code: hashedCellRef,
});
export type SetChildCode = ValueOf<typeof setChildCode>;
export const loadSetChildCode = setChildCode.load;
export const storeSetChildCode = setChildCode.store;
