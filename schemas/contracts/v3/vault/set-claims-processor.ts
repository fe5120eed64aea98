/** vault-v3 inbound op 0x11: Set the claims processor (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setClaimsProcessor = message(0x11, 'set-claims-processor', 'inline', {
  claimsProcessor: address,
});
export type SetClaimsProcessor = ValueOf<typeof setClaimsProcessor>;
export const loadSetClaimsProcessor = setClaimsProcessor.load;
export const storeSetClaimsProcessor = setClaimsProcessor.store;
