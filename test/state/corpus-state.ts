/**
 * Replays the emulator corpus through decode → state and compares the derived get-method view with the chain's
 * own get-method snapshot of every protocol contract (`../shared/corpus/getters.jsonl.gz`).
 *
 * Every (blockchain, contract) has one snapshot, taken after the test body, and the deploy transactions are not in
 * the corpus. So each contract starts from its deploy defaults: the zero counters of a fresh deploy, with the
 * deploy-time configuration (tranche parameters, test mode, linked addresses) read from the snapshot — those are
 * set once in the init data and are excluded from the comparison, which then checks what the transactions did.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { Cell } from '@ton/core';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { ContractStateStore } from '../../operators/state/contract-state-store.js';
import {
  flattenGetters,
  stateFromGetters,
  stateToGetterView,
  type GetterSnapshot,
} from '../../operators/state/getter-view.js';
import { deployDefaults } from '../../operators/state/initial-state.js';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import type { ContractState, VaultState } from '../../schemas/state/contract-state.js';
import { CORPUS_DIR, corpusKind, type CorpusRow } from '../corpus/corpus-kinds.js';

export const CORPUS_GETTERS = `${CORPUS_DIR}getters.jsonl.gz`;
export const corpusStatePresent = (): boolean =>
  existsSync(`${CORPUS_DIR}transactions.jsonl.gz`) && existsSync(CORPUS_GETTERS);

async function* readGzipLines<T>(path: string): AsyncGenerator<T> {
  const rl = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) yield JSON.parse(line) as T;
}

interface RawGetMethod {
  method: string;
  args: { type: string; cell?: { cell_boc: string } }[];
}

interface SnapshotRow extends GetterSnapshot {
  raw_get_methods?: RawGetMethod[];
  blockchain_id: string;
  code_source: string | null;
  contract: string;
  test_name: string | null;
}

/** Getter names set at deploy (or by admin ops the corpus does not decode into state), left out of the comparison. */
const CONFIG_METRIC =
  /^(getOwner|getAdmin|getClaimsProcessor|getMasterFactory|getFloatManager|getVersion|getTrancheApy|getTrancheTokenAddress|getTestMode)|\.(apyMin|apyMax|curveType|allocationPercent|tokenAddress)$/;

export interface Comparison {
  blockchain: string;
  contract: string;
  kind: ContractKind;
  address: string;
  metric: string;
  expected: string;
  actual: string | undefined;
}

export interface CorpusStateReport {
  snapshots: number;
  compared: number;
  matched: number;
  /** Metrics the snapshot has and the state model does not answer. */
  unmodelled: number;
  /** Metric names the snapshots have and the model does not answer, with counts. */
  unmodelledMetrics: Record<string, number>;
  /** Comparisons on contracts that at least one decoded event changed (the others only check deploy defaults). */
  comparedAfterEvents: number;
  matchedAfterEvents: number;
  mismatches: Comparison[];
  matchesByKind: Record<string, { compared: number; matched: number }>;
  eventsApplied: number;
  decodeErrors: number;
}

/** The state of a fresh deploy with the snapshot's deploy-time configuration. */
export function deployStateFromSnapshot(kind: ContractKind, snapshot: GetterSnapshot): ContractState {
  const observed = stateFromGetters(kind, snapshot);
  if (observed.family === 'vault') {
    const fresh = deployDefaults(kind, snapshot.address, {
      testMode: observed.testMode,
      tranches: observed.tranches,
      config: observed.config,
    }) as VaultState;
    fresh.tranches.forEach((t, i) => (t.tokenAddress = observed.tranches[i]?.tokenAddress ?? null));
    return fresh;
  }
  return deployDefaults(kind, snapshot.address);
}

export async function replayCorpusState(): Promise<CorpusStateReport> {
  const snapshots = new Map<string, SnapshotRow[]>();
  for await (const row of readGzipLines<SnapshotRow>(CORPUS_GETTERS)) {
    if (!row.code_source || !corpusKind({ code_source: row.code_source, contract: row.contract })) continue;
    const list = snapshots.get(row.blockchain_id) ?? [];
    list.push(row);
    snapshots.set(row.blockchain_id, list);
  }
  const txsByChain = new Map<string, CorpusRow[]>();
  const walletsByChain = new Map<string, Map<string, string>>();
  for await (const row of readGzipLines<CorpusRow & { blockchain_id: string }>(
    `${CORPUS_DIR}transactions.jsonl.gz`,
  )) {
    if (row.contract.startsWith('Treasury:')) {
      const wallets = walletsByChain.get(row.blockchain_id) ?? new Map<string, string>();
      wallets.set(row.contract, row.account);
      walletsByChain.set(row.blockchain_id, wallets);
    }
    if (!snapshots.has(row.blockchain_id) || !corpusKind(row)) continue;
    const list = txsByChain.get(row.blockchain_id) ?? [];
    list.push(row);
    txsByChain.set(row.blockchain_id, list);
  }

  const report: CorpusStateReport = {
    snapshots: 0,
    compared: 0,
    matched: 0,
    unmodelled: 0,
    unmodelledMetrics: {},
    comparedAfterEvents: 0,
    matchedAfterEvents: 0,
    mismatches: [],
    matchesByKind: {},
    eventsApplied: 0,
    decodeErrors: 0,
  };
  for (const [chain, rows] of snapshots) {
    const store = new ContractStateStore();
    for (const snap of rows)
      store.set(
        deployStateFromSnapshot(
          corpusKind({ code_source: snap.code_source, contract: snap.contract })!,
          snap,
        ),
      );
    const txs = (txsByChain.get(chain) ?? []).sort((a, b) =>
      BigInt(a.lt) < BigInt(b.lt) ? -1 : BigInt(a.lt) > BigInt(b.lt) ? 1 : 0,
    );
    let lastUtime = 0;
    for (const tx of txs) {
      const kind = corpusKind(tx)!;
      let events: CanonicalEvent[];
      try {
        events = decodeTransaction(
          { account: tx.account, lt: tx.lt, hash: tx.hash, utime: tx.now, boc: tx.boc },
          kind,
        ).events;
      } catch {
        report.decodeErrors++;
        continue;
      }
      lastUtime = Math.max(lastUtime, tx.now);
      report.eventsApplied += store.apply(events).changes.length;
    }
    const wallets = walletsByChain.get(chain) ?? new Map<string, string>();
    for (const snap of rows) {
      const kind = corpusKind({ code_source: snap.code_source, contract: snap.contract })!;
      const state = store.get(snap.address)!;
      report.snapshots++;
      const expected = flattenGetters(snap.getters, true);
      const depositorKeys = Object.keys(expected)
        .map((k) => /^getDepositorBalance\((Treasury:[^)]+)\)/.exec(k)?.[1])
        .filter((x): x is string => x !== undefined);
      // Wallets that never transacted are known only from the get-method arguments (same order as the getters).
      const calls = (snap.raw_get_methods ?? []).filter((m) => m.method === 'get_depositor_balance');
      [...new Set(depositorKeys)].forEach((seed, i) => {
        const boc = calls[i]?.args[0]?.cell?.cell_boc;
        if (!wallets.has(seed) && boc)
          wallets.set(seed, Cell.fromBase64(boc).beginParse().loadAddress().toRawString());
      });
      const depositors = [...new Set(depositorKeys)]
        .map((seed) => wallets.get(seed))
        .filter((a): a is string => a !== undefined);
      // The get-methods ran right after the test's last transaction; v3 NAV depends on that time.
      const actual = flattenGetters(
        stateToGetterView(kind, state, { now: lastUtime || undefined, depositors }),
      );
      for (const [seed, address] of wallets) {
        for (const key of Object.keys(actual)) {
          if (key.startsWith(`getDepositorBalance(${address})`))
            actual[key.replace(address, seed)] = actual[key]!;
        }
      }
      const byKind = (report.matchesByKind[kind] ??= { compared: 0, matched: 0 });
      for (const [metric, value] of Object.entries(expected)) {
        if (CONFIG_METRIC.test(metric)) continue;
        if (!(metric in actual)) {
          report.unmodelled++;
          const name = `${kind} ${metric.replace(/\(.*?\)/, '(…)')}`;
          report.unmodelledMetrics[name] = (report.unmodelledMetrics[name] ?? 0) + 1;
          continue;
        }
        const changed = state.position.eventsApplied > 0;
        report.compared++;
        byKind.compared++;
        if (changed) report.comparedAfterEvents++;
        if (actual[metric] === value) {
          report.matched++;
          byKind.matched++;
          if (changed) report.matchedAfterEvents++;
        } else {
          report.mismatches.push({
            blockchain: chain,
            contract: snap.contract,
            kind,
            address: snap.address,
            metric,
            expected: value,
            actual: actual[metric],
          });
        }
      }
    }
  }
  return report;
}
