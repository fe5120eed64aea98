/** parametric-escrow-v3 inbound op 0x03: Trigger the payout distribution (oracle), payload in a ref. */
import { message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const triggerClaim = message(0x03, 'trigger-claim', 'ref', {
  policyId: uintBig(64),
  triggerTime: uint(32),
  productType: uint(8),
  assetId: uint(16),
  threshold: uint(32),
});
export type TriggerClaim = ValueOf<typeof triggerClaim>;
export const loadTriggerClaim = triggerClaim.load;
export const storeTriggerClaim = triggerClaim.store;
