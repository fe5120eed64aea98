/** policy-shard-v2 inbound op 0x73: Set the claims processor (owner). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const updateClaimsProcessor = message(0x73, 'update-claims-processor', 'inline', {
  claimsProcessor: address,
});
export type UpdateClaimsProcessor = ValueOf<typeof updateClaimsProcessor>;
export const loadUpdateClaimsProcessor = updateClaimsProcessor.load;
export const storeUpdateClaimsProcessor = updateClaimsProcessor.store;
