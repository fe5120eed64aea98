/** parametric-escrow-v3 out-message 0x04: absorb_loss report to the vault (0.01 TON), op + ref; the vault reads it inline and fails. */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const lossReport = message(0x04, 'loss-report', 'ref', { coverageAmount: coins });
export type LossReport = ValueOf<typeof lossReport>;
export const loadLossReport = lossReport.load;
export const storeLossReport = lossReport.store;
