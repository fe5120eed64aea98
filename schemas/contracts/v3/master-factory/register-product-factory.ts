/** master-factory-v3 inbound op 0x21: Register a sub-factory (admin). */
import { address, message, uint, type ValueOf } from '../../common/codec.js';

export const registerProductFactory = message(0x21, 'register-product-factory', 'inline', {
  productType: uint(8),
  factory: address,
});
export type RegisterProductFactory = ValueOf<typeof registerProductFactory>;
export const loadRegisterProductFactory = registerProductFactory.load;
export const storeRegisterProductFactory = registerProductFactory.store;
