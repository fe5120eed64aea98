export { AccountSource, prevTransactionLt, type AccountProgress } from './account-source.js';
export {
  accountSourceConfigSchema,
  type AccountSourceConfig,
  type AccountSourceConfigInput,
} from './config.js';
export {
  MemoryCursorStore,
  PostgresCursorStore,
  type AccountCursor,
  type CursorStore,
} from './cursor-store.js';
export {
  classifyApiError,
  LtNotInDbError,
  TonCenterClient,
  type ListedTransaction,
} from './toncenter-client.js';
export { TokenBucket } from './token-bucket.js';
