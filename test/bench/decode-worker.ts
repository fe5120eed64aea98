/**
 * One decoder path in a worker thread of its own (decode section): its own V8 heap, so neither path pays for the
 * other's garbage — the reference path leaves hundreds of MB of @ton/core cells behind, which the fast path would
 * otherwise collect during its rounds, and a stage runs one path only. The main thread asks for one timed
 * round at a time and alternates the paths, so both run on one core under the same machine conditions.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { decodeTransactionFast, resetCellHashMemo } from '../../operators/decode/fast/index.js';
import { decodeDataset, type DecodeItem } from './decode-data.js';
import { timedRound } from './section.js';

export interface DecodeWorkerData {
  path: 'fast' | 'reference';
  /** Leave out code uploads (set-child-code / set-factory-code). */
  withoutCodeUploads: boolean;
  /** Fast path: the memo of code trees already hashed (off = every upload hashed). */
  codeHashMemo: boolean;
}

export type DecodeWorkerRequest = { type: 'round'; minRoundMs: number } | { type: 'close' };
export type DecodeWorkerReply = { type: 'ready'; transactions: number } | { type: 'round'; txPerSec: number };

function swallow(decode: (item: DecodeItem) => unknown): (item: DecodeItem) => void {
  // Records that fail to decode are part of the work: a DecodeError is a valid outcome of both paths.
  return (item) => {
    try {
      decode(item);
    } catch {
      /* counted like any other transaction */
    }
  };
}

const data = workerData as DecodeWorkerData;
const port = parentPort!;
const { items: all } = await decodeDataset();
const items = data.withoutCodeUploads ? all.filter((i) => !i.codeUpload) : all;
resetCellHashMemo(data.codeHashMemo);
const work = swallow(
  data.path === 'fast'
    ? (i: DecodeItem) => decodeTransactionFast(i.input, i.kind)
    : (i: DecodeItem) => decodeTransaction(i.input, i.kind),
);
// Warm-up, not reported: optimised code and memo state as in steady operation.
timedRound(items, work, 1_000);
port.on('message', (msg: DecodeWorkerRequest) => {
  if (msg.type === 'close') {
    port.close();
    return;
  }
  const reply: DecodeWorkerReply = { type: 'round', txPerSec: timedRound(items, work, msg.minRoundMs) };
  port.postMessage(reply);
});
port.postMessage({ type: 'ready', transactions: items.length } satisfies DecodeWorkerReply);
