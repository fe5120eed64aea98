/** stablecoin-child-v3 inbound op 0x43: Set the price oracle (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setPriceOracle = message(0x43, 'set-price-oracle', 'inline', { priceOracle: address });
export type SetPriceOracle = ValueOf<typeof setPriceOracle>;
export const loadSetPriceOracle = setPriceOracle.load;
export const storeSetPriceOracle = setPriceOracle.store;
