/** Children v3 (shared by stablecoin/bridge/oracle/protocol) inbound op 0x40: Policy request from the parent sub-factory: inline user, ref{coverage, duration_days}; premium = message value. */
import { address, coins, message, ref, struct, uint, type ValueOf } from '../../common/codec.js';

export const createPolicyFromFactory = message(0x40, 'create-policy-from-factory', 'inline', {
  user: address,
  params: ref(struct({ coverageAmount: coins, durationDays: uint(16) })),
});
export type CreatePolicyFromFactory = ValueOf<typeof createPolicyFromFactory>;
export const loadCreatePolicyFromFactory = createPolicyFromFactory.load;
export const storeCreatePolicyFromFactory = createPolicyFromFactory.store;
