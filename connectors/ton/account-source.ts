import { Cell } from '@ton/core';
import type { Logger } from '../../pipelines/runtime/logger.js';
import { AbortedError, DecodeError, errorMessage, TonstreamError } from '../../pipelines/runtime/errors.js';
import { sleep } from '../../pipelines/runtime/retry.js';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type { RawTransactionRecord } from '../../schemas/records/raw-transaction.js';
import type { RejectedInput, Source, SourceBatch } from '../lifecycle.js';
import {
  accountSourceConfigSchema,
  type AccountSourceConfig,
  type AccountSourceConfigInput,
} from './config.js';
import type { CursorAdvance, CursorStore } from './cursor-store.js';
import { TonCenterClient, type ListedTransaction } from './toncenter-client.js';

/** Previous-transaction lt from the transaction cell: the link that proves a walk has no gap. */
export function prevTransactionLt(boc: string): bigint {
  try {
    const s = Cell.fromBase64(boc).beginParse();
    // transaction$0111 account_addr:bits256 lt:uint64 prev_trans_hash:bits256 prev_trans_lt:uint64 ...
    if (s.loadUint(4) !== 0b0111) throw new Error('not a transaction cell');
    s.skip(256 + 64 + 256);
    return s.loadUintBig(64);
  } catch (err) {
    throw new DecodeError('transaction BOC from the API does not parse', { field: 'prev_trans_lt' }, err);
  }
}

export interface AccountProgress {
  address: string;
  kind: ContractKind;
  /** Newest lt the endpoint reported. */
  chainLastLt: string | null;
  /** Newest lt published (acknowledged by Kafka). */
  publishedLt: string | null;
  published: number;
  lastError: string | null;
}

/**
 * The account source: polls each watched address through TonCenter v2 `getTransactions`, walking newest →
 * oldest (lt+hash anchor, ≤100 per call) back to the stored cursor, and emits the new transactions in
 * ascending lt. The walk follows each transaction's `prev_trans_lt` link, so truncated, repeated or
 * overlapping pages cannot leave a gap or a duplicate; the cursor only advances in `commit`, after Kafka
 * acknowledged the batch. A crash replays at most the last unacknowledged batch (downstream is idempotent).
 */
export class AccountSource implements Source<RawTransactionRecord> {
  readonly name = 'ton';
  readonly config: AccountSourceConfig;
  readonly progress = new Map<string, AccountProgress>();
  private readonly client: TonCenterClient;
  /** Transactions fetched but not yet handed out, per address, ascending. */
  private pending: { address: string; kind: ContractKind; txs: ListedTransaction[]; chainLastLt: string }[] =
    [];
  private emptyCycles = 0;

  constructor(
    config: AccountSourceConfigInput,
    private readonly cursors: CursorStore,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.config = accountSourceConfigSchema.parse(config);
    this.client = new TonCenterClient({
      endpoints: this.config.endpoints,
      apiKey: this.config.apiKey,
      rps: this.config.rps,
      timeoutMs: this.config.requestTimeoutMs,
      onRetry: (err, attempt, delayMs, where) =>
        this.logger.warn(
          { err: errorMessage(err), attempt, delayMs, where },
          'TonCenter call failed, retrying',
        ),
    });
    for (const a of this.config.accounts) {
      this.progress.set(a.address, {
        address: a.address,
        kind: a.kind,
        chainLastLt: null,
        publishedLt: null,
        published: 0,
        lastError: null,
      });
    }
  }

  async connect(): Promise<void> {
    // One cheap call proves the endpoint and key before any work starts.
    const seqno = await this.client.getMasterchainSeqno(undefined, 3);
    for (const a of this.config.accounts) {
      const cursor = await this.cursors.load(a.address, a.kind);
      this.progress.get(a.address)!.publishedLt = cursor.lastLt;
    }
    this.logger.info(
      { endpoint: this.client.endpoint, masterchainSeqno: seqno, accounts: this.config.accounts.length },
      'account source connected',
    );
  }

  /** New transactions of one address since its cursor, ascending. */
  async fetchNew(
    address: string,
    kind: ContractKind,
    signal: AbortSignal,
  ): Promise<{ txs: ListedTransaction[]; chainLastLt: string | null }> {
    const cursor = await this.cursors.load(address, kind);
    const stopLt = cursor.lastLt === null ? null : BigInt(cursor.lastLt);
    const collected: ListedTransaction[] = [];
    let chainLastLt: string | null = null;
    // The lt the next (older) transaction must have: follows prev_trans_lt links.
    let expectLt: bigint | null = null;
    let anchor: { lt: string; hash: string } | undefined;
    let stalls = 0;
    for (;;) {
      if (signal.aborted) throw new AbortedError();
      const page = await this.client.getTransactions(
        address,
        {
          limit: this.config.pageSize,
          lt: anchor?.lt,
          hash: anchor?.hash,
          toLt: stopLt === null ? undefined : stopLt.toString(),
        },
        signal,
      );
      if (chainLastLt === null) chainLastLt = page[0]?.lt ?? cursor.lastLt;
      let progressed = false;
      let reachedEnd = false;
      let repeated = 0;
      for (const tx of page) {
        const lt = BigInt(tx.lt);
        if (stopLt !== null && lt <= stopLt) {
          reachedEnd = true;
          break;
        }
        // Skip the anchor returned again and anything already collected (repeated pages).
        if (expectLt !== null && lt !== expectLt) {
          if (lt > expectLt) {
            repeated++;
            continue;
          }
          throw new TonstreamError(`gap in ${address}: expected lt ${expectLt}, the API listed ${lt}`, {
            code: 'SOURCE_GAP',
            retriable: true,
            context: { address },
          });
        }
        collected.push(tx);
        progressed = true;
        const prev = prevTransactionLt(tx.boc);
        if (prev === 0n || (stopLt !== null && prev <= stopLt)) {
          reachedEnd = true;
          break;
        }
        expectLt = prev;
      }
      if (reachedEnd) break;
      if (!progressed) {
        // A repeated page (seen rows only): ask again for the same anchor, a few times.
        if (repeated > 0 && ++stalls <= 3) continue;
        // No history at all, or (first run, no cursor) the oldest transaction the endpoint still has.
        if (expectLt === null || stopLt === null) break;
        // The API has nothing older although prev_trans_lt points further back: history pruned on this node.
        throw new TonstreamError(
          `history of ${address} below lt ${expectLt} is not available from the endpoint`,
          {
            code: 'SOURCE_GAP',
            retriable: true,
            context: { address },
          },
        );
      }
      const oldest = collected[collected.length - 1]!;
      anchor = { lt: oldest.lt, hash: oldest.hash };
    }
    collected.reverse();
    return { txs: collected, chainLastLt };
  }

  async readBatch(signal: AbortSignal): Promise<SourceBatch<RawTransactionRecord> | null> {
    for (;;) {
      if (signal.aborted) return null;
      if (this.pending.length) return this.takePending();
      let found = 0;
      for (const { address, kind } of this.config.accounts) {
        if (signal.aborted) return null;
        const p = this.progress.get(address)!;
        try {
          const { txs, chainLastLt } = await this.fetchNew(address, kind, signal);
          p.chainLastLt = chainLastLt;
          p.lastError = null;
          if (txs.length) {
            this.pending.push({ address, kind, txs, chainLastLt: chainLastLt ?? txs[txs.length - 1]!.lt });
            found += txs.length;
          }
          this.logger.debug(
            { address, newTransactions: txs.length, chainLastLt, publishedLt: p.publishedLt },
            'poll',
          );
        } catch (err) {
          if (err instanceof AbortedError || signal.aborted) return null;
          p.lastError = errorMessage(err);
          this.logger.warn({ address, err: p.lastError }, 'polling an address failed; will retry next cycle');
          await this.cursors.recordError(address, kind, p.lastError, p.chainLastLt).catch(() => {});
          if (err instanceof TonstreamError && !err.retriable) throw err;
        }
      }
      if (found) {
        this.emptyCycles = 0;
        continue;
      }
      this.emptyCycles++;
      if (this.config.untilCaughtUp && this.caughtUp()) return null;
      try {
        await sleep(this.config.pollIntervalMs, signal);
      } catch {
        return null;
      }
    }
  }

  /** Every address has published up to the newest transaction the endpoint reported, with no error. */
  caughtUp(): boolean {
    return [...this.progress.values()].every(
      (p) => !p.lastError && (p.chainLastLt === null || p.chainLastLt === p.publishedLt),
    );
  }

  private takePending(): SourceBatch<RawTransactionRecord> {
    const records: RawTransactionRecord[] = [];
    const rejected: RejectedInput[] = [];
    const observedAt = this.now().toISOString();
    while (this.pending.length && records.length < this.config.maxBatch) {
      const head = this.pending[0]!;
      const take = head.txs.splice(0, this.config.maxBatch - records.length);
      for (const tx of take) {
        records.push({
          v: 1,
          account: head.address,
          lt: tx.lt,
          hash: tx.hash,
          utime: tx.utime,
          boc: tx.boc,
          source: 'toncenter',
          observedAt,
        });
      }
      if (!head.txs.length) this.pending.shift();
    }
    return { records, rejected };
  }

  async commit(batch: SourceBatch<RawTransactionRecord>): Promise<void> {
    const last = new Map<string, CursorAdvance>();
    for (const r of batch.records) {
      const a = last.get(r.account);
      const kind = this.progress.get(r.account)!.kind;
      last.set(r.account, {
        address: r.account,
        kind,
        lastLt: r.lt,
        lastHash: r.hash,
        published: (a?.published ?? 0) + 1,
        chainLastLt: this.progress.get(r.account)!.chainLastLt,
      });
    }
    await this.cursors.advance([...last.values()]);
    for (const a of last.values()) {
      const p = this.progress.get(a.address)!;
      p.publishedLt = a.lastLt;
      p.published += a.published;
    }
  }

  async close(): Promise<void> {
    this.pending = [];
  }
}
