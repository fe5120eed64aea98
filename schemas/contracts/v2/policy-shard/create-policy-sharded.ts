/** policy-shard-v2 inbound op 0x60: Store a policy routed by the PolicyRouter (router only; policy_id mod 256 == shard id). */
import { address, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const createPolicySharded = message(0x60, 'create-policy-sharded', 'inline', {
  policyId: uintBig(64),
  user: address,
  coverageType: uint(8),
  chainId: uint(8),
  stablecoinId: uint(8),
  coverageAmount: coins,
  durationDays: uint(16),
  premium: coins,
});
export type CreatePolicySharded = ValueOf<typeof createPolicySharded>;
export const loadCreatePolicySharded = createPolicySharded.load;
export const storeCreatePolicySharded = createPolicySharded.store;
