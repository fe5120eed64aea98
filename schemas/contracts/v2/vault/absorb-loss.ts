/** vault-v2 inbound op 0x04: Absorb a loss through the waterfall (claims processor only). */
import { coins, message, type ValueOf } from '../../common/codec.js';

export const absorbLoss = message(0x04, 'absorb-loss', 'inline', { lossAmount: coins });
export type AbsorbLoss = ValueOf<typeof absorbLoss>;
export const loadAbsorbLoss = absorbLoss.load;
export const storeAbsorbLoss = absorbLoss.store;
