/** Fast transaction decoding: same output as `decodeTransaction`, read zero-copy from the BOC buffer. */
export { decodeTransactionFast, type FastDecodeOptions } from './decode-transaction-fast.js';
export { MalformedBoc, NeedsReference, readBoc, type BocCells } from './boc-reader.js';
export {
  bocRootHashHex,
  cellHash,
  cellHashMemo,
  hashView,
  resetCellHashMemo,
  rootHash,
} from './cell-hash.js';
export { CellSlice, CellUnderflow, CellView } from './cell-slice.js';
export { readTransaction, type MessageView, type TransactionView } from './transaction-reader.js';
