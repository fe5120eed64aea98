/** master-factory-v3 inbound op 0x20: Policy request from a user. */
import { cellRef, message, uint, type ValueOf } from '../../common/codec.js';

export const createPolicy = message(0x20, 'create-policy', 'inline', {
  productType: uint(8),
  assetId: uint(16),
  policyParams: cellRef,
});
export type CreatePolicy = ValueOf<typeof createPolicy>;
export const loadCreatePolicy = createPolicy.load;
export const storeCreatePolicy = createPolicy.store;
