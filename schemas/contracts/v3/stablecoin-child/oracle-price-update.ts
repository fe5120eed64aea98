/** stablecoin-child-v3 inbound op 0x46: Price update, 6 decimals (anyone). */
import { message, uint, type ValueOf } from '../../common/codec.js';

export const oraclePriceUpdate = message(0x46, 'oracle-price-update', 'inline', {
  price: uint(32),
  oracleTime: uint(32),
});
export type OraclePriceUpdate = ValueOf<typeof oraclePriceUpdate>;
export const loadOraclePriceUpdate = oraclePriceUpdate.load;
export const storeOraclePriceUpdate = oraclePriceUpdate.store;
