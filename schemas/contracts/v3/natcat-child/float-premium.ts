/** natcat-child-v3 out-message 0x52: Premium to the float master. */
import { coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const floatPremium = message(0x52, 'float-premium', 'ref', {
  policyId: uintBig(64),
  productType: uint(8),
  assetId: uint(16),
  premium: coins,
  durationHours: uint(16),
});
export type FloatPremium = ValueOf<typeof floatPremium>;
export const loadFloatPremium = floatPremium.load;
export const storeFloatPremium = floatPremium.store;
