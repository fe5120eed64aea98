/** vault-v3 inbound op 0x04: Absorb a loss and pay the claimant (claims processor; inline). */
import { address, coins, message, type ValueOf } from '../../common/codec.js';

export const absorbLoss = message(0x04, 'absorb-loss', 'inline', { lossAmount: coins, claimant: address });
export type AbsorbLoss = ValueOf<typeof absorbLoss>;
export const loadAbsorbLoss = absorbLoss.load;
export const storeAbsorbLoss = absorbLoss.store;
