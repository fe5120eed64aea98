/** vault-v2 log 0x90: Mint/burn retry after a bounce (op = 21 or 0x595f07bc). */
import { log, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const mintBurnRetryLog = log(0x90, 'mint-burn-retry-log', {
  txId: uintBig(64),
  retryCount: uint(8),
  backoffSeconds: uint(16),
  op: uint(32),
});
export type MintBurnRetryLog = ValueOf<typeof mintBurnRetryLog>;
export const loadMintBurnRetryLog = mintBurnRetryLog.load;
export const storeMintBurnRetryLog = mintBurnRetryLog.store;
