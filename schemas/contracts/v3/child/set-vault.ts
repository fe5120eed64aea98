/** Children v3 (shared by stablecoin/bridge/oracle/protocol) inbound op 0x42: Bridge/Oracle/Protocol child: set the vault (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setVault = message(0x42, 'set-vault', 'inline', { vault: address });
export type SetVault = ValueOf<typeof setVault>;
export const loadSetVault = setVault.load;
export const storeSetVault = setVault.store;
