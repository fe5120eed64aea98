/** policy-factory-v2 out-message 0x01: Premium forwarded to the treasury (value = premium). The treasury expects another layout and bounces it. */
import { message, uintBig, type ValueOf } from '../../common/codec.js';

export const premiumToTreasury = message(0x01, 'premium-to-treasury', 'inline', { txId: uintBig(64) });
export type PremiumToTreasury = ValueOf<typeof premiumToTreasury>;
export const loadPremiumToTreasury = premiumToTreasury.load;
export const storePremiumToTreasury = premiumToTreasury.store;
