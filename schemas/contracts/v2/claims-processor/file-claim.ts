/** claims-processor-v2 inbound op 0x01: File a claim (anyone). */
import { cellRef, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const fileClaim = message(0x01, 'file-claim', 'inline', {
  policyId: uintBig(64),
  coverageType: uint(8),
  chainId: uint(8),
  stablecoinId: uint(8),
  coverageAmount: coins,
  evidence: cellRef,
});
export type FileClaim = ValueOf<typeof fileClaim>;
export const loadFileClaim = fileClaim.load;
export const storeFileClaim = fileClaim.store;
