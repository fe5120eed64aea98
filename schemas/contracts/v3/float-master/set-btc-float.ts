/** float-master-v3 inbound op 0x71: Set the BTC float (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setBtcFloat = message(0x71, 'set-btc-float', 'inline', { btcFloat: address });
export type SetBtcFloat = ValueOf<typeof setBtcFloat>;
export const loadSetBtcFloat = setBtcFloat.load;
export const storeSetBtcFloat = setBtcFloat.store;
