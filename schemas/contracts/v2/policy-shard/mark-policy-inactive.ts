/** policy-shard-v2 inbound op 0x62: Mark a policy inactive (owner). */
import { message, uintBig, type ValueOf } from '../../common/codec.js';

export const markPolicyInactive = message(0x62, 'mark-policy-inactive', 'inline', { policyId: uintBig(64) });
export type MarkPolicyInactive = ValueOf<typeof markPolicyInactive>;
export const loadMarkPolicyInactive = markPolicyInactive.load;
export const storeMarkPolicyInactive = markPolicyInactive.store;
