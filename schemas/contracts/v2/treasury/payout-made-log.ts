/** treasury-v2 log 0x53: Payout made. */
import { address, coins, log, type ValueOf } from '../../common/codec.js';

export const payoutMadeLog = log(0x53, 'payout-made-log', {
  recipient: address,
  amount: coins,
  totalPayouts: coins,
});
export type PayoutMadeLog = ValueOf<typeof payoutMadeLog>;
export const loadPayoutMadeLog = payoutMadeLog.load;
export const storePayoutMadeLog = payoutMadeLog.store;
