/** vault-v2 inbound op 0x03: Distribute a premium over the tranches by allocation percent; amount from the body, not the value. */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const distributePremiums = message(0x03, 'distribute-premiums', 'inline', { premiumAmount: coins });
export type DistributePremiums = ValueOf<typeof distributePremiums>;
export const loadDistributePremiums = distributePremiums.load;
export const storeDistributePremiums = distributePremiums.store;
