/** float-master-v3 out-message 0x80: 50 % to the RWA float (amount + 0.05 TON). */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const rwaAllocation = message(0x80, 'rwa-allocation', 'ref', { amount: coins });
export type RwaAllocation = ValueOf<typeof rwaAllocation>;
export const loadRwaAllocation = rwaAllocation.load;
export const storeRwaAllocation = rwaAllocation.store;
