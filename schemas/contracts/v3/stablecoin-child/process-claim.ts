/** stablecoin-child-v3 out-message 0x53: Claim to the master factory for a triggered policy (0.05 TON). */
import { address, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const processClaim = message(0x53, 'process-claim', 'ref', {
  policyId: uintBig(64),
  productType: uint(8),
  assetId: uint(16),
  user: address,
  coverageAmount: coins,
  triggerPrice: uint(32),
  triggerTime: uint(32),
  trigger1: uint(32),
  trigger2: uint(32),
});
export type ProcessClaim = ValueOf<typeof processClaim>;
export const loadProcessClaim = processClaim.load;
export const storeProcessClaim = processClaim.store;
