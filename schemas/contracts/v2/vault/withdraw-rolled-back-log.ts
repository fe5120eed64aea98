/** vault-v2 log 0x96: Withdrawal rolled back after the burn bounced. */
import { address, coins, log, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const withdrawRolledBackLog = log(0x96, 'withdraw-rolled-back-log', {
  txId: uintBig(64),
  trancheId: uint(8),
  tokenAmount: coins,
  user: address,
});
export type WithdrawRolledBackLog = ValueOf<typeof withdrawRolledBackLog>;
export const loadWithdrawRolledBackLog = withdrawRolledBackLog.load;
export const storeWithdrawRolledBackLog = withdrawRolledBackLog.store;
