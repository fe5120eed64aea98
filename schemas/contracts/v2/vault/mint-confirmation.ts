/** vault-v2 inbound op 0x15: Mint confirmation; clears a pending transaction. Same number as the outbound mint op (21). */
import { message, uintBig, type ValueOf } from '../../common/codec.js';

export const mintConfirmation = message(0x15, 'mint-confirmation', 'inline', { txId: uintBig(64) });
export type MintConfirmation = ValueOf<typeof mintConfirmation>;
export const loadMintConfirmation = mintConfirmation.load;
export const storeMintConfirmation = mintConfirmation.store;
