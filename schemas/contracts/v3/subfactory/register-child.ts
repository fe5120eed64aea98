/** Sub-factories v3 (depeg/bridge/oracle/contract/natcat) inbound op 0x31: Register the child of an asset (master factory). */
import { address, message, uint, type ValueOf } from '../../common/codec.js';

export const registerChild = message(0x31, 'register-child', 'inline', { assetId: uint(16), child: address });
export type RegisterChild = ValueOf<typeof registerChild>;
export const loadRegisterChild = registerChild.load;
export const storeRegisterChild = registerChild.store;
