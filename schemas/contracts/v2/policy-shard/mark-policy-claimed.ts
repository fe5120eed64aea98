/** policy-shard-v2 inbound op 0x61: Mark a policy claimed (claims processor or owner). */
import { message, uintBig, type ValueOf } from '../../common/codec.js';

export const markPolicyClaimed = message(0x61, 'mark-policy-claimed', 'inline', { policyId: uintBig(64) });
export type MarkPolicyClaimed = ValueOf<typeof markPolicyClaimed>;
export const loadMarkPolicyClaimed = markPolicyClaimed.load;
export const storeMarkPolicyClaimed = markPolicyClaimed.store;
