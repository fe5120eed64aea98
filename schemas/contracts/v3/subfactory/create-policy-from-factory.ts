/** Sub-factories v3 (depeg/bridge/oracle/contract/natcat) out-message 0x40: Policy request to the child (0.3 TON), op + ref. */
import { address, cellRef, message, type ValueOf } from '../../common/codec.js';

export const createPolicyFromFactory = message(0x40, 'create-policy-from-factory', 'ref', {
  user: address,
  policyParams: cellRef,
});
export type CreatePolicyFromFactory = ValueOf<typeof createPolicyFromFactory>;
export const loadCreatePolicyFromFactory = createPolicyFromFactory.load;
export const storeCreatePolicyFromFactory = createPolicyFromFactory.store;
