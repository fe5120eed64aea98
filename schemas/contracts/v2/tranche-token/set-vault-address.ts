/** tranche-token-v2 inbound op 0x10: Set the vault (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setVaultAddress = message(0x10, 'set-vault-address', 'inline', { vault: address });
export type SetVaultAddress = ValueOf<typeof setVaultAddress>;
export const loadSetVaultAddress = setVaultAddress.load;
export const storeSetVaultAddress = setVaultAddress.store;
