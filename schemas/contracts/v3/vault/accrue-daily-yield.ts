/** vault-v3 inbound op 0x06: Daily yield per tranche, in a ref (float manager). */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const accrueDailyYield = message(0x06, 'accrue-daily-yield', 'ref', {
  btc: coins,
  snr: coins,
  mezz: coins,
  jnr: coins,
  jnrPlus: coins,
  eqt: coins,
});
export type AccrueDailyYield = ValueOf<typeof accrueDailyYield>;
export const loadAccrueDailyYield = accrueDailyYield.load;
export const storeAccrueDailyYield = accrueDailyYield.store;
