/** claims-processor-v2 inbound op 0x20: Verification result from oracle adapter 0. */
import { bool, message, uintBig, type ValueOf } from '../../common/codec.js';

export const receiveVerification = message(0x20, 'receive-verification', 'inline', {
  claimId: uintBig(64),
  isValid: bool,
});
export type ReceiveVerification = ValueOf<typeof receiveVerification>;
export const loadReceiveVerification = receiveVerification.load;
export const storeReceiveVerification = receiveVerification.store;
