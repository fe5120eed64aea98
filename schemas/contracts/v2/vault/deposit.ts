/** vault-v2 inbound op 0x01: Deposit into a tranche; the amount is the whole message value (>= 0.1 TON). */
import { message, uint, type ValueOf } from '../../common/codec.js';

export const deposit = message(0x01, 'deposit', 'inline', { trancheId: uint(8) });
export type Deposit = ValueOf<typeof deposit>;
export const loadDeposit = deposit.load;
export const storeDeposit = deposit.store;
