/** tranche-token-v2 out-message 0x7bdd97de: Burn notification, sent to the response address (the user, not the vault). */
import { address, coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const burnNotification = message(0x7bdd97de, 'burn-notification', 'inline', {
  queryId: uintBig(64),
  amount: coins,
  from: address,
});
export type BurnNotification = ValueOf<typeof burnNotification>;
export const loadBurnNotification = burnNotification.load;
export const storeBurnNotification = burnNotification.store;
