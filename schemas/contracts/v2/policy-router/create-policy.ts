/** policy-router-v2 inbound op 0x01: Buy a policy; the premium (spec §8.3) plus 0.1 TON must be attached. */
import { coins, message, uint, type ValueOf } from '../../common/codec.js';

export const createPolicy = message(0x01, 'create-policy', 'inline', {
  coverageType: uint(8),
  chainId: uint(8),
  stablecoinId: uint(8),
  coverageAmount: coins,
  durationDays: uint(16),
});
export type CreatePolicy = ValueOf<typeof createPolicy>;
export const loadCreatePolicy = createPolicy.load;
export const storeCreatePolicy = createPolicy.store;
