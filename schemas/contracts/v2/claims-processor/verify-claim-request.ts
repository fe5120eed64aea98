/** claims-processor-v2 out-message: Verification request to the oracle adapter: body of 0 bits and one ref {0x01 verify_claim, claim_id u64, coverage_type u8, stablecoin_id u8, ref evidence}. */
import { cellRef, payload, ref, struct, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const verifyClaimRequest = payload('verify-claim-request', {
  request: ref(
    struct({
      op: uint(32),
      claimId: uintBig(64),
      coverageType: uint(8),
      stablecoinId: uint(8),
      evidence: cellRef,
    }),
  ),
});
export type VerifyClaimRequest = ValueOf<typeof verifyClaimRequest>;
export const loadVerifyClaimRequest = verifyClaimRequest.load;
export const storeVerifyClaimRequest = verifyClaimRequest.store;
