/** treasury-v2 inbound op 0x06: Pay out from the reserve (claims processor). */
import { address, coins, message, type ValueOf } from '../../common/codec.js';

export const processPayout = message(0x06, 'process-payout', 'inline', { recipient: address, amount: coins });
export type ProcessPayout = ValueOf<typeof processPayout>;
export const loadProcessPayout = processPayout.load;
export const storeProcessPayout = processPayout.store;
