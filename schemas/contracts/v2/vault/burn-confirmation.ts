/** vault-v2 inbound op 0x16: Burn confirmation; clears a pending transaction. */
import { message, uintBig, type ValueOf } from '../../common/codec.js';

export const burnConfirmation = message(0x16, 'burn-confirmation', 'inline', { txId: uintBig(64) });
export type BurnConfirmation = ValueOf<typeof burnConfirmation>;
export const loadBurnConfirmation = burnConfirmation.load;
export const storeBurnConfirmation = burnConfirmation.store;
