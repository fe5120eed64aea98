/** float-master-v3 out-message 0x81: 15 % to the BTC float. */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const btcAllocation = message(0x81, 'btc-allocation', 'ref', { amount: coins });
export type BtcAllocation = ValueOf<typeof btcAllocation>;
export const loadBtcAllocation = btcAllocation.load;
export const storeBtcAllocation = btcAllocation.store;
