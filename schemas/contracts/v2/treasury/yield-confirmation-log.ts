/** treasury-v2 log 0x51: Yield confirmation recorded. */
import { coins, log, uint, type ValueOf } from '../../common/codec.js';

export const yieldConfirmationLog = log(0x51, 'yield-confirmation-log', {
  trancheId: uint(8),
  yieldAmount: coins,
});
export type YieldConfirmationLog = ValueOf<typeof yieldConfirmationLog>;
export const loadYieldConfirmationLog = yieldConfirmationLog.load;
export const storeYieldConfirmationLog = yieldConfirmationLog.store;
