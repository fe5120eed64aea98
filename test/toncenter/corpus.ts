/**
 * Fills a `TonCenterStore` from recorded data: the shared emulator corpus (`transactions.jsonl.gz` plus its
 * `getters.jsonl.gz`) or JSON-lines files of raw records. Files are streamed at run time, never copied.
 */
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

import { ConfigError } from '../../pipelines/runtime/errors.js';
import { toTonCenterStack, tupleItemFromJson, type JsonTupleItem } from './format.js';
import type { StoredTransactionInput, TonCenterStore } from './store.js';

/** Where the shared corpus lives relative to the project root, and the path to it from this file. */
export const DEFAULT_CORPUS_PATH = new URL('../../../shared/corpus/transactions.jsonl.gz', import.meta.url)
  .pathname;

async function* readJsonLines(path: string): AsyncGenerator<{ line: number; value: unknown }> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { line, value: JSON.parse(text) as unknown };
      } catch (err) {
        throw new ConfigError(`${path}:${line}: not valid JSON (${(err as Error).message})`);
      }
    }
  } finally {
    rl.close();
    raw.destroy();
  }
}

interface CorpusTransactionRow {
  blockchain_id: string;
  account: string;
  lt: string;
  hash: string;
  now: number;
  boc: string;
}

interface CorpusGetterRow {
  blockchain_id: string;
  address: string;
  state?: { status?: string; balance?: string; last_tx_lt?: string; data_boc?: string };
  raw_get_methods?: Array<{
    method: string;
    args: JsonTupleItem[];
    exit_code: number;
    gas_used?: string;
    stack: JsonTupleItem[];
  }>;
}

export interface CorpusLoadOptions {
  /**
   * Load only these emulated chains (`blockchain_id`). Without it every row is considered, but each account
   * keeps the history of one chain, the one where it has the most transactions: `lt` restarts per chain and
   * the same addresses recur across tests, so mixing chains would give an account two transactions at one lt.
   */
  blockchainId?: string | string[];
  /** The getters file; default `getters.jsonl.gz` beside the transactions file. `false` skips it. */
  gettersPath?: string | false;
  /** Stop after this many transactions (benchmarks, quick runs). */
  maxTransactions?: number;
}

export interface CorpusLoadResult {
  /** False when the corpus file is absent; `message` says so. Nothing else is set then. */
  available: boolean;
  message: string;
  transactions: number;
  duplicates: number;
  /** Rows left out because their account belongs to another chain (see `blockchainId`). */
  skippedOtherChain: number;
  accounts: number;
  blockchains: string[];
  /** Get-method results registered from the getters file. */
  getMethods: number;
}

/**
 * Loads the corpus format of `../shared/corpus/transactions.jsonl.gz` into the store, with the account states
 * and get-method results of `getters.jsonl.gz` when present (the last snapshot per account of its chain,
 * unless it predates the last loaded transaction of that account).
 */
export async function loadCorpusIntoStore(
  store: TonCenterStore,
  path: string = DEFAULT_CORPUS_PATH,
  options: CorpusLoadOptions = {},
): Promise<CorpusLoadResult> {
  const result: CorpusLoadResult = {
    available: false,
    message: '',
    transactions: 0,
    duplicates: 0,
    skippedOtherChain: 0,
    accounts: 0,
    blockchains: [],
    getMethods: 0,
  };
  if (!existsSync(path)) {
    result.message = `corpus not found at ${path}; nothing loaded`;
    return result;
  }
  result.available = true;
  const wanted =
    options.blockchainId === undefined
      ? null
      : new Set(Array.isArray(options.blockchainId) ? options.blockchainId : [options.blockchainId]);
  // Group rows per account and chain first, so each account can keep its longest history.
  const rowsByAccount = new Map<string, Map<string, StoredTransactionInput[]>>();
  for await (const { line, value } of readJsonLines(path)) {
    const row = value as Partial<CorpusTransactionRow>;
    if (!row.blockchain_id || !row.account || !row.lt || !row.hash || row.now === undefined || !row.boc) {
      throw new ConfigError(`${path}:${line}: not a corpus transaction row`);
    }
    if (wanted && !wanted.has(row.blockchain_id)) continue;
    let byChain = rowsByAccount.get(row.account);
    if (!byChain) {
      byChain = new Map();
      rowsByAccount.set(row.account, byChain);
    }
    let rows = byChain.get(row.blockchain_id);
    if (!rows) {
      rows = [];
      byChain.set(row.blockchain_id, rows);
    }
    rows.push({ account: row.account, lt: row.lt, hash: row.hash, utime: row.now, boc: row.boc });
  }
  const chainOfAccount = new Map<string, string>();
  const lastLtOfAccount = new Map<string, bigint>();
  const chains = new Set<string>();
  const max = options.maxTransactions ?? Infinity;
  let budget = max;
  for (const [account, byChain] of rowsByAccount) {
    // Map iteration keeps first-seen order, so ties go to the chain the account appears in first.
    let best: [string, StoredTransactionInput[]] | undefined;
    for (const entry of byChain) if (!best || entry[1].length > best[1].length) best = entry;
    if (!best) continue;
    for (const [chain, rows] of byChain) if (chain !== best[0]) result.skippedOtherChain += rows.length;
    if (budget <= 0) break;
    const [chain, rows] = best;
    const take = rows.slice(0, budget);
    budget -= take.length;
    chainOfAccount.set(account, chain);
    chains.add(chain);
    for (const r of take) {
      const lt = BigInt(r.lt);
      if ((lastLtOfAccount.get(account) ?? -1n) < lt) lastLtOfAccount.set(account, lt);
    }
    const added = store.addTransactions(take);
    result.transactions += added.added;
    result.duplicates += added.duplicates;
  }
  result.accounts = chainOfAccount.size;
  result.blockchains = [...chains].sort();

  const gettersPath = options.gettersPath ?? join(dirname(path), 'getters.jsonl.gz');
  if (gettersPath !== false && existsSync(gettersPath)) {
    // Keep the last snapshot per account of its own chain; apply after the scan so later ones win.
    // Accounts without loaded transactions (e.g. only deployed, deploys are not in the corpus) take the
    // snapshots of the first wanted chain that mentions them.
    const lastSnapshot = new Map<string, CorpusGetterRow>();
    for await (const { value } of readJsonLines(gettersPath)) {
      const row = value as CorpusGetterRow;
      if (!row.address || !row.blockchain_id) continue;
      if (wanted && !wanted.has(row.blockchain_id)) continue;
      const owner =
        chainOfAccount.get(row.address) ?? lastSnapshot.get(row.address)?.blockchain_id ?? row.blockchain_id;
      if (owner !== row.blockchain_id) continue;
      lastSnapshot.set(row.address, row);
    }
    for (const [address, row] of lastSnapshot) {
      const lastLt = lastLtOfAccount.get(address);
      // A snapshot older than the history served would contradict it.
      if (
        row.state?.last_tx_lt !== undefined &&
        lastLt !== undefined &&
        BigInt(row.state.last_tx_lt) < lastLt
      ) {
        continue;
      }
      if (row.state) {
        const status = row.state.status;
        store.setAccountState(address, {
          ...(row.state.balance !== undefined ? { balance: row.state.balance } : {}),
          ...(status === 'active' || status === 'frozen' || status === 'uninitialized' ? { status } : {}),
          ...(row.state.data_boc ? { data: row.state.data_boc } : {}),
        });
      }
      for (const call of row.raw_get_methods ?? []) {
        const stack = toTonCenterStack(call.stack.map(tupleItemFromJson));
        store.setGetMethod(address, call.method, stack, call.exit_code, {
          args: call.args,
          gasUsed: Number(call.gas_used ?? 0),
        });
        result.getMethods++;
      }
    }
  }
  result.message = `loaded ${result.transactions} transactions of ${result.accounts} accounts from ${result.blockchains.length} chain(s)`;
  return result;
}

/**
 * Loads JSON lines of raw records (`{account, lt, hash, utime, boc, ...}`, the `ton.transactions.v1` value;
 * other fields are ignored), plain or gzip-compressed.
 */
export async function loadRecordsIntoStore(
  store: TonCenterStore,
  path: string,
): Promise<{ transactions: number; duplicates: number }> {
  if (!existsSync(path)) throw new ConfigError(`records file not found: ${path}`, 'records');
  let transactions = 0;
  let duplicates = 0;
  let batch: StoredTransactionInput[] = [];
  const flush = () => {
    const r = store.addTransactions(batch);
    transactions += r.added;
    duplicates += r.duplicates;
    batch = [];
  };
  for await (const { line, value } of readJsonLines(path)) {
    const row = value as Partial<StoredTransactionInput> & { now?: number };
    const utime = row.utime ?? row.now;
    if (!row.account || row.lt === undefined || !row.hash || utime === undefined || !row.boc) {
      throw new ConfigError(`${path}:${line}: a record needs account, lt, hash, utime and boc`);
    }
    batch.push({
      account: row.account,
      lt: String(row.lt),
      hash: row.hash,
      utime: Number(utime),
      boc: row.boc,
    });
    if (batch.length >= 500) flush();
  }
  flush();
  return { transactions, duplicates };
}
