/** master-factory-v3 inbound op 0x26: Set the vault (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setVault = message(0x26, 'set-vault', 'inline', { vault: address });
export type SetVault = ValueOf<typeof setVault>;
export const loadSetVault = setVault.load;
export const storeSetVault = setVault.store;
