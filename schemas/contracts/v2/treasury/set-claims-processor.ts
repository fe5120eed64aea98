/** treasury-v2 inbound op 0x10: Set the claims processor (owner). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setClaimsProcessor = message(0x10, 'set-claims-processor', 'inline', {
  claimsProcessor: address,
});
export type SetClaimsProcessor = ValueOf<typeof setClaimsProcessor>;
export const loadSetClaimsProcessor = setClaimsProcessor.load;
export const storeSetClaimsProcessor = setClaimsProcessor.store;
