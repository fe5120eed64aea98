/** vault-v2 out-message 0x00: Deposit refund after giving up on a bounced mint: `u32 0`, the original amount as value. */
import { message, type ValueOf } from '../../common/codec.js';

export const mintRefund = message(0x00, 'mint-refund', 'inline', {});
export type MintRefund = ValueOf<typeof mintRefund>;
export const loadMintRefund = mintRefund.load;
export const storeMintRefund = mintRefund.store;
