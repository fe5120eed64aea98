/** parametric-escrow-v3 inbound op 0x04: Expire the escrow and refund the vault (anyone, after expiry). */
import { message, type ValueOf } from '../../common/codec.js';

export const handleExpiry = message(0x04, 'handle-expiry', 'inline', {});
export type HandleExpiry = ValueOf<typeof handleExpiry>;
export const loadHandleExpiry = handleExpiry.load;
export const storeHandleExpiry = handleExpiry.store;
