/** claims-processor-v2 inbound op 0x11: Set the oracle adapter of a chain (owner). */
import { address, message, uint, type ValueOf } from '../../common/codec.js';

export const setOracleAdapter = message(0x11, 'set-oracle-adapter', 'inline', {
  chainId: uint(8),
  adapter: address,
});
export type SetOracleAdapter = ValueOf<typeof setOracleAdapter>;
export const loadSetOracleAdapter = setOracleAdapter.load;
export const storeSetOracleAdapter = setOracleAdapter.store;
