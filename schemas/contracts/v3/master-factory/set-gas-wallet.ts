/** master-factory-v3 inbound op 0x23: Set the gas wallet (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setGasWallet = message(0x23, 'set-gas-wallet', 'inline', { gasWallet: address });
export type SetGasWallet = ValueOf<typeof setGasWallet>;
export const loadSetGasWallet = setGasWallet.load;
export const storeSetGasWallet = setGasWallet.store;
