/** policy-router-v2 out-message 0x01: Premium to the treasury (value = premium). No ref, so the treasury underflows and bounces it. */
import { coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const premiumToTreasury = message(0x01, 'premium-to-treasury', 'inline', {
  txId: uintBig(64),
  policyId: uintBig(64),
  premium: coins,
});
export type PremiumToTreasury = ValueOf<typeof premiumToTreasury>;
export const loadPremiumToTreasury = premiumToTreasury.load;
export const storePremiumToTreasury = premiumToTreasury.store;
