/** treasury-v2 inbound op 0x11: Set the vault (owner). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setMultiTrancheVault = message(0x11, 'set-multi-tranche-vault', 'inline', { vault: address });
export type SetMultiTrancheVault = ValueOf<typeof setMultiTrancheVault>;
export const loadSetMultiTrancheVault = setMultiTrancheVault.load;
export const storeSetMultiTrancheVault = setMultiTrancheVault.store;
