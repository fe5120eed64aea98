/**
 * Offline replay: raw records or corpus rows from JSON-lines files (gzip allowed) → decode → per-contract state,
 * in one process without servers. Writes the final state of every contract (with its get-method view) and
 * summary counts to `stateOut`. Transactions are applied per chain in lt order; corpus rows carry a
 * `blockchain_id` (lt restarts per emulated chain), so each chain gets its own states. Every line is accounted for:
 * applied, a duplicate, for an unmapped account, rejected (unparseable) or undecodable (listed with the reason).
 */
import { contractReport, stateFromReport, type StateReport } from '../../operators/state/state-report.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseReplayLine } from '../../connectors/replay/replay-source.js';
import { readLines } from '../../connectors/replay/jsonl.js';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { ContractStateStore } from '../../operators/state/contract-state-store.js';
import { stateToGetterView } from '../../operators/state/getter-view.js';
import { stateFromJson, stateToJson } from '../../operators/state/state-json.js';
import type { ContractMap } from '../../schemas/contracts/contract-map.js';
import type { ContractState } from '../../schemas/state/contract-state.js';
import type { RawTransactionRecord } from '../../schemas/records/raw-transaction.js';
import { ConfigError } from '../runtime/errors.js';

export interface ReplayFileOptions {
  /** JSON-lines files of raw records or corpus rows (`.gz` or gzip content is fine, `-` = stdin). */
  inputs: string[];
  contracts: ContractMap;
  /** SNAPSHOT.json: `{ "<address>": <state JSON> }` or a previous replay output; applies to every chain. */
  init?: string;
  stateOut: string;
  /** Only this corpus chain (`blockchain_id`). */
  blockchainId?: string;
  /** How many undecodable transactions to list in the summary (all are counted). */
  maxListedFailures?: number;
}

export interface ReplaySummary {
  lines: number;
  rejected: number;
  duplicates: number;
  unmappedAccounts: number;
  transactions: number;
  decodeFailures: number;
  events: number;
  eventsApplied: number;
  eventsSkipped: number;
  chains: number;
  contracts: number;
}

export interface ReplayedContract {
  chain: string | null;
  address: string;
  kind: string;
  state: unknown;
  getterView: unknown;
}

export interface ReplayResult {
  summary: ReplaySummary;
  contracts: ReplayedContract[];
  failures: { position: string; account: string; lt: string; reason: string }[];
  rejected: { position: string; reason: string }[];
}

type Record_ = RawTransactionRecord & { blockchainId?: string };

async function loadInit(path: string): Promise<ContractState[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(
      `init snapshot ${path} cannot be read as JSON: ${err instanceof Error ? err.message : String(err)}`,
      path,
    );
  }
  const obj = json as { contracts?: { state?: unknown }[] } & Record<string, unknown>;
  try {
    // The state report shape (`--state-out` of a previous replay, `tonstream state --json`): address → figures.
    if (
      !Array.isArray(obj.contracts) &&
      Object.values(obj).every((v) => v && typeof v === 'object' && 'kind' in v && !('family' in v))
    ) {
      return Object.entries(obj).map(([address, entry]) =>
        stateFromReport(address.split('/').pop()!, entry as Record<string, unknown>),
      );
    }
    const values = Array.isArray(obj.contracts) ? obj.contracts.map((c) => c.state) : Object.values(obj);
    return values.map((v) => stateFromJson(v));
  } catch (err) {
    throw new ConfigError(
      `init snapshot ${path} holds a state that cannot be read: ${err instanceof Error ? err.message : String(err)}`,
      path,
    );
  }
}

const byLt = (a: Record_, b: Record_): number => {
  const x = BigInt(a.lt);
  const y = BigInt(b.lt);
  return x < y ? -1 : x > y ? 1 : a.account < b.account ? -1 : a.account > b.account ? 1 : 0;
};

export async function replayFile(options: ReplayFileOptions): Promise<ReplayResult> {
  const maxListed = options.maxListedFailures ?? 100;
  const summary: ReplaySummary = {
    lines: 0,
    rejected: 0,
    duplicates: 0,
    unmappedAccounts: 0,
    transactions: 0,
    decodeFailures: 0,
    events: 0,
    eventsApplied: 0,
    eventsSkipped: 0,
    chains: 0,
    contracts: 0,
  };
  const result: ReplayResult = { summary, contracts: [], failures: [], rejected: [] };
  const initial = options.init ? await loadInit(options.init) : [];

  const chains = new Map<string, Record_[]>();
  const seen = new Set<string>();
  for (const file of options.inputs) {
    for await (const { line, lineNo } of readLines(file)) {
      summary.lines++;
      const position = `${file}:${lineNo}`;
      let record: Record_;
      try {
        record = parseReplayLine(line, position);
      } catch (err) {
        summary.rejected++;
        if (result.rejected.length < maxListed)
          result.rejected.push({ position, reason: err instanceof Error ? err.message : String(err) });
        continue;
      }
      if (options.blockchainId !== undefined && record.blockchainId !== options.blockchainId) continue;
      const chain = record.blockchainId ?? '';
      const id = `${chain}|${record.account}:${record.lt}:${record.hash}`;
      if (seen.has(id)) {
        summary.duplicates++;
        continue;
      }
      seen.add(id);
      if (!options.contracts.has(record.account)) {
        summary.unmappedAccounts++;
        continue;
      }
      const list = chains.get(chain) ?? [];
      list.push(record);
      chains.set(chain, list);
    }
  }

  for (const [chain, records] of [...chains.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    summary.chains++;
    const store = new ContractStateStore({ contracts: options.contracts });
    for (const state of initial) store.set(structuredClone(state));
    for (const record of records.sort(byLt)) {
      summary.transactions++;
      const kind = options.contracts.get(record.account)!;
      let events;
      try {
        events = decodeTransaction(record, kind).events;
      } catch (err) {
        summary.decodeFailures++;
        if (result.failures.length < maxListed) {
          result.failures.push({
            position: chain,
            account: record.account,
            lt: record.lt,
            reason: err instanceof Error ? err.message : String(err),
          });
        }
        continue;
      }
      summary.events += events.length;
      const applied = store.apply(events);
      summary.eventsApplied += applied.changes.length;
      summary.eventsSkipped += applied.skipped;
    }
    for (const state of store.all()) {
      summary.contracts++;
      result.contracts.push({
        chain: chain === '' ? null : chain,
        address: state.address,
        kind: state.kind,
        state: stateToJson(state),
        getterView: stateToGetterView(state.kind, state),
      });
    }
  }

  // The file holds the state report (see operators/state/state-report.ts): keyed by address, or by
  // `chain/address` when the input held several emulated chains.
  const report: StateReport = {};
  const multi = chains.size > 1;
  for (const c of result.contracts) {
    report[multi && c.chain ? `${c.chain}/${c.address}` : c.address] = contractReport(stateFromJson(c.state));
  }
  await mkdir(dirname(options.stateOut), { recursive: true });
  await writeFile(options.stateOut, `${JSON.stringify(report, null, 2)}\n`);
  return result;
}
