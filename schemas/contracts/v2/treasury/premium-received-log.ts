/** treasury-v2 log 0x50: Premium received and split. */
import { coins, log, uintBig, type ValueOf } from '../../common/codec.js';

export const premiumReceivedLog = log(0x50, 'premium-received-log', {
  policyId: uintBig(64),
  amount: coins,
  vaultAmount: coins,
  stakerAmount: coins,
  reserveAmount: coins,
  totalPremiums: coins,
});
export type PremiumReceivedLog = ValueOf<typeof premiumReceivedLog>;
export const loadPremiumReceivedLog = premiumReceivedLog.load;
export const storePremiumReceivedLog = premiumReceivedLog.store;
