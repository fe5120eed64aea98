/** float-master-v3 out-message 0x82: 15 % to the DeFi float. */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const defiAllocation = message(0x82, 'defi-allocation', 'ref', { amount: coins });
export type DefiAllocation = ValueOf<typeof defiAllocation>;
export const loadDefiAllocation = defiAllocation.load;
export const storeDefiAllocation = defiAllocation.store;
