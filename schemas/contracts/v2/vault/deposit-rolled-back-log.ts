/** vault-v2 log 0x95: Deposit rolled back after the mint bounced for good. */
import { address, coins, log, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const depositRolledBackLog = log(0x95, 'deposit-rolled-back-log', {
  txId: uintBig(64),
  trancheId: uint(8),
  originalAmount: coins,
  user: address,
});
export type DepositRolledBackLog = ValueOf<typeof depositRolledBackLog>;
export const loadDepositRolledBackLog = depositRolledBackLog.load;
export const storeDepositRolledBackLog = depositRolledBackLog.store;
