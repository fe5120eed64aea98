import { SchemaValidationError } from '../../pipelines/runtime/errors.js';
import { assertRawTransaction, type RawTransactionRecord } from '../../schemas/records/raw-transaction.js';
import type { RejectedInput, Source, SourceBatch } from '../lifecycle.js';
import { replaySourceConfigSchema, type ReplaySourceConfig } from './config.js';
import { readLines } from './jsonl.js';

/**
 * Parses one line: a raw record (ton.transactions.v1 form) or a corpus row (`account`, `lt`, `hash`, `now`, `boc`,
 * plus test metadata). Throws `SchemaValidationError` naming the field.
 */
export function parseReplayLine(
  line: string,
  position: string,
): RawTransactionRecord & { blockchainId?: string } {
  let obj: any;
  try {
    obj = JSON.parse(line);
  } catch (err) {
    throw new SchemaValidationError(`${position}: not JSON (${(err as Error).message})`, { position });
  }
  if (obj && typeof obj === 'object' && !('v' in obj) && 'now' in obj && 'boc' in obj) {
    const record = assertRawTransaction(
      { v: 1, account: obj.account, lt: obj.lt, hash: obj.hash, utime: obj.now, boc: obj.boc },
      `at ${position}`,
    );
    return { ...record, blockchainId: typeof obj.blockchain_id === 'string' ? obj.blockchain_id : undefined };
  }
  const { source: _s, observedAt: _o, ...rest } = obj ?? {};
  return assertRawTransaction(obj && typeof obj === 'object' ? rest : obj, `at ${position}`);
}

export interface ReplayProgress {
  read: number;
  published: number;
  total: number;
  rejected: number;
}

/**
 * Publishes transactions from files. Bounded: reads every file, keeps the wanted accounts, orders by
 * (account, lt) — the order a live source would have produced per account — and hands out fixed-size batches.
 * Holds one replay in memory (≈1.5 KB per transaction).
 */
export class ReplaySource implements Source<RawTransactionRecord> {
  readonly name = 'replay';
  readonly config: ReplaySourceConfig;
  private records: RawTransactionRecord[] = [];
  private rejected: RejectedInput[] = [];
  private position = 0;
  readonly progress: ReplayProgress = { read: 0, published: 0, total: 0, rejected: 0 };

  constructor(
    config: unknown,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.config = replaySourceConfigSchema.parse(config);
  }

  async connect(): Promise<void> {
    const wanted = this.config.addresses ? new Set(this.config.addresses) : undefined;
    const seen = new Set<string>();
    for (const file of this.config.files) {
      for await (const { line, lineNo } of readLines(file)) {
        this.progress.read++;
        const position = `${file}:${lineNo}`;
        let record: RawTransactionRecord & { blockchainId?: string };
        try {
          record = parseReplayLine(line, position);
        } catch (error) {
          this.rejected.push({ original: Buffer.from(line), position, key: null, error });
          continue;
        }
        if (wanted && !wanted.has(record.account)) continue;
        if (this.config.blockchainId && record.blockchainId !== this.config.blockchainId) continue;
        // The same transaction listed twice (overlapping files) is published once.
        const id = `${record.account}:${record.lt}:${record.hash}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const { blockchainId: _b, ...clean } = record;
        this.records.push({ ...clean, source: 'replay', observedAt: this.now().toISOString() });
      }
    }
    this.records.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : cmpLt(a.lt, b.lt)));
    this.progress.total = this.records.length;
    this.progress.rejected = this.rejected.length;
  }

  async readBatch(signal: AbortSignal): Promise<SourceBatch<RawTransactionRecord> | null> {
    if (signal.aborted) return null;
    const rejected = this.position === 0 ? this.rejected : [];
    if (this.position >= this.records.length && !rejected.length) return null;
    const records = this.records.slice(this.position, this.position + this.config.batchSize);
    this.position += records.length;
    return { records, rejected };
  }

  async commit(batch: SourceBatch<RawTransactionRecord>): Promise<void> {
    this.progress.published += batch.records.length;
  }

  async close(): Promise<void> {
    this.records = [];
    this.rejected = [];
  }
}

function cmpLt(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
