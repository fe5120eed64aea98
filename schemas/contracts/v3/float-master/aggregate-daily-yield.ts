/** float-master-v3 inbound op 0x62: Aggregate daily float yield and forward it to the vault (admin). */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const aggregateDailyYield = message(0x62, 'aggregate-daily-yield', 'inline', {
  rwa: coins,
  btc: coins,
  defi: coins,
  hedgePnl: coins,
});
export type AggregateDailyYield = ValueOf<typeof aggregateDailyYield>;
export const loadAggregateDailyYield = aggregateDailyYield.load;
export const storeAggregateDailyYield = aggregateDailyYield.store;
