/** master-factory-v3 out-message 0x30: Policy request to the sub-factory (0.4 TON), op + ref. */
import { address, cellRef, message, uint, type ValueOf } from '../../common/codec.js';

export const createPolicyFromMaster = message(0x30, 'create-policy-from-master', 'ref', {
  user: address,
  assetId: uint(16),
  policyParams: cellRef,
});
export type CreatePolicyFromMaster = ValueOf<typeof createPolicyFromMaster>;
export const loadCreatePolicyFromMaster = createPolicyFromMaster.load;
export const storeCreatePolicyFromMaster = createPolicyFromMaster.store;
