/** Sub-factories v3 (depeg/bridge/oracle/contract/natcat) inbound op 0x30: Policy request from the master factory (inline). */
import { address, cellRef, message, uint, type ValueOf } from '../../common/codec.js';

export const createPolicyFromMaster = message(0x30, 'create-policy-from-master', 'inline', {
  user: address,
  assetId: uint(16),
  policyParams: cellRef,
});
export type CreatePolicyFromMaster = ValueOf<typeof createPolicyFromMaster>;
export const loadCreatePolicyFromMaster = createPolicyFromMaster.load;
export const storeCreatePolicyFromMaster = createPolicyFromMaster.store;
