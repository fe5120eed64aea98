/** stablecoin-child-v3 out-message 0x51: register_policy to the master factory (0.02 TON). */
import { address, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const registerPolicy = message(0x51, 'register-policy', 'ref', {
  policyId: uintBig(64),
  productType: uint(8),
  assetId: uint(16),
  user: address,
  coverageAmount: coins,
  expiry: uint(32),
  child: address,
  trigger1: uint(32),
  trigger2: uint(32),
});
export type RegisterPolicy = ValueOf<typeof registerPolicy>;
export const loadRegisterPolicy = registerPolicy.load;
export const storeRegisterPolicy = registerPolicy.store;
