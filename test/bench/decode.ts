/**
 * Decode section: transactions per second on one core for the fast path (`decodeTransactionFast`) and the
 * reference path (`decodeTransaction`, @ton/core), full decode (phases, in/out messages, logs, events), on
 * the same transactions. Warm-up pass for each, then alternating timed rounds (so load from other processes
 * hits both alike), median per path. Every transaction is first decoded by both paths and the results are
 * compared, so the figures are for identical work.
 *
 * Reported over the whole dataset and without code uploads (set-child-code / set-factory-code, ~30 % of the
 * emulator corpus). A code upload's event value is the hash of the uploaded code cell: the reference path
 * reads it from its @ton/core cell (hashed while parsing the BOC, with @ton/core's pure-JS SHA-256, like every
 * cell), the fast path hashes the code tree zero-copy (`fast/cell-hash.ts`, one SHA-256 per cell, ~60 cells)
 * through a memo of trees already hashed, keyed by their exact bytes: the corpus uploads 9 distinct codes
 * 382 times, so in any pass nearly every upload is a memo hit (as when one code goes to every sub-factory).
 * The fast path is also measured with the memo off, every code tree hashed: the cost of a first upload.
 */
import { isDeepStrictEqual } from 'node:util';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { decodeTransactionFast, resetCellHashMemo } from '../../operators/decode/fast/index.js';
import { decodeDataset, type DecodeItem } from './decode-data.js';
import { median, timedRound, type BenchOptions, type BenchSection, type SectionResult } from './section.js';

type Decode = (item: DecodeItem) => void;

function swallow(decode: (item: DecodeItem) => unknown): Decode {
  // Records that fail to decode are part of the work: a DecodeError is a valid outcome of both paths.
  return (item) => {
    try {
      decode(item);
    } catch {
      /* counted like any other transaction */
    }
  };
}

const fast: Decode = swallow((i) => decodeTransactionFast(i.input, i.kind));
const reference: Decode = swallow((i) => decodeTransaction(i.input, i.kind));

function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (err) {
    return { error: err instanceof Error ? err.constructor.name : String(err) };
  }
}

function measure(items: DecodeItem[], options: BenchOptions, label: string) {
  for (const item of items) {
    fast(item);
    reference(item);
  }
  const fastRounds: number[] = [];
  const referenceRounds: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    fastRounds.push(timedRound(items, fast, options.minRoundMs));
    referenceRounds.push(timedRound(items, reference, options.minRoundMs));
    options.log(
      `  ${label} round ${r + 1}/${options.rounds}: fast ${Math.round(fastRounds[r]!)} tx/s, reference ${Math.round(referenceRounds[r]!)} tx/s`,
    );
  }
  const fastTxPerSec = median(fastRounds);
  const referenceTxPerSec = median(referenceRounds);
  return { fastTxPerSec, referenceTxPerSec, ratio: fastTxPerSec / referenceTxPerSec };
}

/** The fast path alone (rounds of `fast` only), e.g. with the code-hash memo off. */
function measureFast(items: DecodeItem[], options: BenchOptions, label: string): number {
  const rounds: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    rounds.push(timedRound(items, fast, options.minRoundMs));
    options.log(`  ${label} round ${r + 1}/${options.rounds}: fast ${Math.round(rounds[r]!)} tx/s`);
  }
  return median(rounds);
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

    const all = measure(items, options, 'all');
    const withoutUploads = items.filter((i) => !i.codeUpload);
    const lean =
      withoutUploads.length > 0 && withoutUploads.length < items.length
        ? measure(withoutUploads, options, 'without code uploads')
        : null;
    resetCellHashMemo(false);
    let noMemoFastTxPerSec: number;
    try {
      for (const item of items) fast(item);
      noMemoFastTxPerSec = measureFast(items, options, 'all, code-hash memo off');
    } finally {
      resetCellHashMemo(true);
    }
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
