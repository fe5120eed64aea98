/** vault-v3 inbound op 0x02: Withdraw LP tokens of a tranche. */
import { coins, message, uint, type ValueOf } from '../../common/codec.js';

export const withdraw = message(0x02, 'withdraw', 'inline', { trancheId: uint(8), tokenAmount: coins });
export type Withdraw = ValueOf<typeof withdraw>;
export const loadWithdraw = withdraw.load;
export const storeWithdraw = withdraw.store;
