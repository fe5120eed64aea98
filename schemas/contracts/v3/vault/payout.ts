/** vault-v3 out-message 0x00: Plain payout: op 0 + ref to an empty cell. */
import { message, type ValueOf } from '../../common/codec.js';

export const payout = message(0x00, 'payout', 'ref', {});
export type Payout = ValueOf<typeof payout>;
export const loadPayout = payout.load;
export const storePayout = payout.store;
