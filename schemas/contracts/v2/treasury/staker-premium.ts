/** treasury-v2 out-message 0x06: 20 % premium share to the staking pool. */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const stakerPremium = message(0x06, 'staker-premium', 'inline', { amount: coins });
export type StakerPremium = ValueOf<typeof stakerPremium>;
export const loadStakerPremium = stakerPremium.load;
export const storeStakerPremium = stakerPremium.store;
