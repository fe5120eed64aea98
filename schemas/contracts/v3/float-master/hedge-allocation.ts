/** float-master-v3 out-message 0x83: 20 % to the hedge float (amount + 0.1 TON). */
import { coins, message, uint, type ValueOf } from '../../common/codec.js';

export const hedgeAllocation = message(0x83, 'hedge-allocation', 'ref', {
  amount: coins,
  productType: uint(8),
  assetId: uint(16),
  coverageAmount: coins,
});
export type HedgeAllocation = ValueOf<typeof hedgeAllocation>;
export const loadHedgeAllocation = hedgeAllocation.load;
export const storeHedgeAllocation = hedgeAllocation.store;
