/**
 * Decode section: transactions per second on one core for the fast path (`decodeTransactionFast`) and the
 * reference path (`decodeTransaction`, @ton/core), full decode (phases, in/out messages, logs, events), on
 * the same transactions. Each path runs in a worker thread of its own (own V8 heap: neither pays for the
 * other's garbage, as in a stage, which runs one path), warmed up, then the two are asked for timed rounds in
 * turn (one core busy at a time; load from other processes hits both alike), median per path. Every
 * transaction is first decoded by both paths here and the results compared, so the figures are for identical
 * work.
 *
 * Reported over the whole dataset and without code uploads (set-child-code / set-factory-code, ~30 % of the
 * emulator corpus). A code upload's event value is the hash of the uploaded code cell: the reference path
 * reads it from its @ton/core cell (hashed while parsing the BOC, with @ton/core's pure-JS SHA-256, like every
 * cell), the fast path hashes the code tree zero-copy (`fast/cell-hash.ts`, one SHA-256 per cell, ~60 cells)
 * through a memo of trees already hashed, keyed by their exact bytes: the corpus uploads 9 distinct codes
 * 382 times, so in any pass nearly every upload is a memo hit (as when one code goes to every sub-factory).
 * The fast path is also measured with the memo off, every code tree hashed: the cost of a first upload.
 */
import { once } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { Worker } from 'node:worker_threads';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { decodeTransactionFast } from '../../operators/decode/fast/index.js';
import { decodeDataset } from './decode-data.js';
import type { DecodeWorkerData, DecodeWorkerReply, DecodeWorkerRequest } from './decode-worker.js';
import { median, type BenchOptions, type BenchSection, type SectionResult } from './section.js';

function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (err) {
    return { error: err instanceof Error ? err.constructor.name : String(err) };
  }
}

/** A decoder path in its own worker thread (decode-worker.ts), asked for one timed round at a time. */
class PathWorker {
  private constructor(private readonly worker: Worker) {}

  static async start(data: DecodeWorkerData): Promise<PathWorker> {
    // The worker registers tsx before loading its TypeScript entry (loader flags are not applied to a worker's
    // entry module on Node 20).
    const entry = new URL('./decode-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: data });
    const [ready] = (await once(worker, 'message')) as [DecodeWorkerReply];
    if (ready.type !== 'ready') throw new Error(`decode worker: unexpected ${ready.type}`);
    return new PathWorker(worker);
  }

  async round(minRoundMs: number): Promise<number> {
    this.worker.postMessage({ type: 'round', minRoundMs } satisfies DecodeWorkerRequest);
    const [reply] = (await once(this.worker, 'message')) as [DecodeWorkerReply];
    if (reply.type !== 'round') throw new Error(`decode worker: unexpected ${reply.type}`);
    return reply.txPerSec;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Alternating timed rounds of the two paths, each in its own worker; medians and their ratio. */
async function measure(options: BenchOptions, label: string, withoutCodeUploads: boolean) {
  const fast = await PathWorker.start({ path: 'fast', withoutCodeUploads, codeHashMemo: true });
  const reference = await PathWorker.start({ path: 'reference', withoutCodeUploads, codeHashMemo: true });
  try {
    const fastRounds: number[] = [];
    const referenceRounds: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      fastRounds.push(await fast.round(options.minRoundMs));
      referenceRounds.push(await reference.round(options.minRoundMs));
      options.log(
        `  ${label} round ${r + 1}/${options.rounds}: fast ${Math.round(fastRounds[r]!)} tx/s, reference ${Math.round(referenceRounds[r]!)} tx/s`,
      );
    }
    const fastTxPerSec = median(fastRounds);
    const referenceTxPerSec = median(referenceRounds);
    return { fastTxPerSec, referenceTxPerSec, ratio: fastTxPerSec / referenceTxPerSec };
  } finally {
    await Promise.all([fast.close(), reference.close()]);
  }
}

/** The fast path alone with the code-hash memo off: the cost of first uploads. */
async function measureNoMemo(options: BenchOptions, label: string): Promise<number> {
  const fast = await PathWorker.start({ path: 'fast', withoutCodeUploads: false, codeHashMemo: false });
  try {
    const rounds: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      rounds.push(await fast.round(options.minRoundMs));
      options.log(`  ${label} round ${r + 1}/${options.rounds}: fast ${Math.round(rounds[r]!)} tx/s`);
    }
    return median(rounds);
  } finally {
    await fast.close();
  }
}

export const decodeSection: BenchSection = {
  name: 'decode',
  description: 'transaction decode, fast path vs @ton/core reference path, one core',
  async run(options): Promise<SectionResult> {
    const { source, items } = await decodeDataset();
    options.log(`decode: ${items.length} transactions from ${source}`);
    let mismatches = 0;
    for (const item of items) {
      const a = outcome(() => decodeTransaction(item.input, item.kind));
      const b = outcome(() => decodeTransactionFast(item.input, item.kind));
      if (!isDeepStrictEqual(a, b)) mismatches++;
    }
    if (mismatches > 0)
      options.log(`decode: WARNING ${mismatches} transactions decode differently in the two paths`);

    const all = await measure(options, 'all', false);
    const withoutUploads = items.filter((i) => !i.codeUpload);
    const lean =
      withoutUploads.length > 0 && withoutUploads.length < items.length
        ? await measure(options, 'without code uploads', true)
        : null;
    const noMemoFastTxPerSec = await measureNoMemo(options, 'all, code-hash memo off');
    const bytes = items.reduce((n, i) => n + Buffer.byteLength(i.input.boc, 'base64'), 0);
    const f = (n: number) => Math.round(n);
    return {
      rows: [
        { label: 'dataset', value: source },
        { label: 'transactions', value: items.length },
        { label: 'code uploads among them', value: items.length - withoutUploads.length },
        { label: 'average BOC size', value: f(bytes / items.length), unit: 'bytes' },
        { label: 'results differing between paths', value: mismatches },
        { label: 'fast path', value: f(all.fastTxPerSec), unit: 'tx/s' },
        { label: 'reference path', value: f(all.referenceTxPerSec), unit: 'tx/s' },
        { label: 'ratio', value: all.ratio.toFixed(1), unit: '×' },
        { label: 'fast path, code-hash memo off', value: f(noMemoFastTxPerSec), unit: 'tx/s' },
        {
          label: 'ratio, code-hash memo off',
          value: (noMemoFastTxPerSec / all.referenceTxPerSec).toFixed(1),
          unit: '×',
        },
        ...(lean
          ? [
              { label: 'fast path, without code uploads', value: f(lean.fastTxPerSec), unit: 'tx/s' },
              {
                label: 'reference path, without code uploads',
                value: f(lean.referenceTxPerSec),
                unit: 'tx/s',
              },
              { label: 'ratio, without code uploads', value: lean.ratio.toFixed(1), unit: '×' },
            ]
          : []),
      ],
      metrics: {
        dataset: source,
        transactions: items.length,
        codeUploads: items.length - withoutUploads.length,
        mismatches,
        fastTxPerSec: f(all.fastTxPerSec),
        referenceTxPerSec: f(all.referenceTxPerSec),
        ratio: Number(all.ratio.toFixed(2)),
        noMemoFastTxPerSec: f(noMemoFastTxPerSec),
        noMemoRatio: Number((noMemoFastTxPerSec / all.referenceTxPerSec).toFixed(2)),
        ...(lean
          ? {
              withoutCodeUploadsTransactions: withoutUploads.length,
              withoutCodeUploadsFastTxPerSec: f(lean.fastTxPerSec),
              withoutCodeUploadsReferenceTxPerSec: f(lean.referenceTxPerSec),
              withoutCodeUploadsRatio: Number(lean.ratio.toFixed(2)),
            }
          : {}),
      },
    };
  },
};
