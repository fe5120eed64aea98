import { Address, TonClient, TupleReader, type TupleItem } from '@ton/ton';
import type pg from 'pg';
import { driftRow, type ClickHouseSink } from '../../connectors/clickhouse/index.js';
import type { ProducerPort } from '../../connectors/kafka/port.js';
import { loadContractStates } from '../../connectors/postgres/contract-states.js';
import { unnestUpsert } from '../../connectors/postgres/unnest-upsert.js';
import type { ContractMap } from '../../schemas/contracts/contract-map.js';
import { errorMessage } from '../runtime/errors.js';
import { retry } from '../runtime/retry.js';
import { compareMetric, DRIFT_METRICS, type DriftStatus } from './drift-metrics.js';

export interface DriftResult {
  address: string;
  kind: string;
  metric: string;
  chain: string | null;
  derived: string | null;
  absDrift: string | null;
  relDrift: number | null;
  exact: boolean;
  status: DriftStatus;
  atLt: string | null;
  reconciled: boolean;
  error?: string;
}

export interface DriftReport {
  checkedAt: string;
  results: DriftResult[];
}

/** The chain side: TonCenter get-methods through @ton/ton's TonClient (injectable for tests). */
export interface ChainReader {
  lastTransactionLt(address: string): Promise<string | null>;
  runGetMethod(address: string, method: string, args: number[]): Promise<bigint[]>;
}

export function tonClientReader(endpoint: string, apiKey?: string): ChainReader {
  const client = new TonClient({ endpoint, apiKey, timeout: 15_000 });
  const withRetry = <T>(fn: () => Promise<T>) =>
    retry(fn, { retries: 5, initialDelayMs: 500, retryIf: () => true });
  return {
    async lastTransactionLt(address) {
      const state = await withRetry(() => client.getContractState(Address.parseRaw(address)));
      return state.lastTransaction?.lt ?? null;
    },
    async runGetMethod(address, method, args) {
      const stack: TupleItem[] = args.map((n) => ({ type: 'int', value: BigInt(n) }));
      const { stack: reader } = await withRetry(() =>
        client.runMethod(Address.parseRaw(address), method, stack),
      );
      return readInts(reader);
    },
  };
}

/** Integers of a result stack in order; non-integer entries (slices, cells) read as -1n placeholders. */
function readInts(reader: TupleReader): bigint[] {
  const out: bigint[] = [];
  while (reader.remaining > 0) {
    const item = reader.pop();
    out.push(item.type === 'int' ? item.value : -1n);
  }
  return out;
}

export interface DriftCheckOptions {
  contracts: ContractMap;
  pool: pg.Pool;
  chain: ChainReader;
  /** True when everything the source published up to `chainLt` has been applied by the state stage. */
  applied: (address: string, chainLt: string) => Promise<boolean>;
  clickhouse?: ClickHouseSink;
  alerts?: { producer: ProducerPort; topic: string };
  /** Record the chain's values as authoritative beside the derived ones (derived state is never overwritten). */
  reconcile?: boolean;
  now?: () => Date;
}

/**
 * One drift check: for every watched contract with get-methods, reads the chain's values and last transaction lt,
 * waits for nothing — if the state stage has not applied that lt yet, the metric is `pending` — and compares with
 * the derived state in PostgreSQL. Results go to `drift_latest` (PostgreSQL), `drift_history` (ClickHouse) and, when
 * not ok, to the alerts topic.
 */
export async function runDriftCheck(opts: DriftCheckOptions): Promise<DriftReport> {
  const checkedAt = (opts.now?.() ?? new Date()).toISOString();
  const results: DriftResult[] = [];
  for (const [address, kind] of opts.contracts) {
    const metrics = DRIFT_METRICS[kind];
    if (!metrics?.length) continue;
    const base = { address, kind, reconciled: Boolean(opts.reconcile) };
    let chainLt: string | null;
    try {
      chainLt = await opts.chain.lastTransactionLt(address);
    } catch (err) {
      for (const m of metrics)
        results.push({
          ...base,
          metric: m.metric,
          chain: null,
          derived: null,
          absDrift: null,
          relDrift: null,
          exact: false,
          status: 'pending',
          atLt: null,
          error: errorMessage(err),
        });
      continue;
    }
    const state = (await loadContractStates(opts.pool, [address]))[0] ?? null;
    // No transaction on chain (nothing to wait for) or the pipeline has applied up to the chain's last one.
    const ready = state !== null && (chainLt === null || (await opts.applied(address, chainLt)));
    const calls = new Map<string, bigint[] | Error>();
    for (const m of metrics) {
      const key = `${m.method}(${m.args.join(',')})`;
      if (!calls.has(key))
        calls.set(key, await opts.chain.runGetMethod(address, m.method, m.args).catch((e: Error) => e));
      const stack = calls.get(key)!;
      if (stack instanceof Error || stack[m.index] === undefined) {
        results.push({
          ...base,
          metric: m.metric,
          chain: null,
          derived: null,
          absDrift: null,
          relDrift: null,
          exact: false,
          status: 'pending',
          atLt: chainLt,
          error: stack instanceof Error ? stack.message : `no stack entry ${m.index}`,
        });
        continue;
      }
      const chainValue = stack[m.index]!;
      const derived = state ? m.derived(state) : null;
      if (!ready || derived === null) {
        results.push({
          ...base,
          metric: m.metric,
          chain: chainValue.toString(),
          derived: derived?.toString() ?? null,
          absDrift: null,
          relDrift: null,
          exact: false,
          status: 'pending',
          atLt: chainLt,
        });
        continue;
      }
      const c = compareMetric(chainValue, derived);
      results.push({
        ...base,
        metric: m.metric,
        chain: chainValue.toString(),
        derived: derived.toString(),
        absDrift: c.absDrift.toString(),
        relDrift: c.relDrift,
        exact: c.exact,
        status: c.status,
        atLt: chainLt,
      });
    }
  }
  await writeDriftLatest(opts.pool, results, checkedAt);
  if (opts.clickhouse) {
    await opts.clickhouse.writeBatch(
      results.map((r) => ({
        table: 'drift_history' as const,
        row: driftRow({
          checkedAt: Math.floor(Date.parse(checkedAt) / 1000),
          address: r.address,
          kind: r.kind,
          metric: r.metric,
          // Pending rows may lack a side; 0 there, and `status` says the comparison did not happen.
          chainValue: r.chain ?? '0',
          derivedValue: r.derived ?? '0',
          absDrift: r.absDrift ?? '0',
          relDrift: r.relDrift ?? 0,
          exact: r.exact,
          status: r.status,
          atLt: r.atLt ?? '0',
          reconciled: r.reconciled,
        }),
      })),
    );
    await opts.clickhouse.flush();
  }
  const alerts = results.filter((r) => r.status === 'warn' || r.status === 'critical');
  if (opts.alerts && alerts.length) {
    await opts.alerts.producer.send(
      opts.alerts.topic,
      alerts.map((r) => ({
        key: r.address,
        value: JSON.stringify({
          alertId: `drift:${r.address}:${r.metric}:${r.atLt}`,
          rule: 'drift',
          severity: r.status === 'critical' ? 'critical' : 'warning',
          state: 'open',
          subject: { type: 'contract', id: r.address, contract: r.address, metric: r.metric },
          value: r.derived,
          threshold: r.chain,
          message: `${r.kind} ${r.address} ${r.metric}: derived ${r.derived} vs chain ${r.chain} (|Δ| ${r.absDrift}, ${(100 * (r.relDrift ?? 0)).toFixed(4)} %)`,
          checkedAt,
        }),
      })),
    );
  }
  return { checkedAt, results };
}

async function writeDriftLatest(pool: pg.Pool, results: DriftResult[], checkedAt: string): Promise<void> {
  const client = await pool.connect();
  try {
    await unnestUpsert(
      client,
      {
        table: 'drift_latest',
        columns: [
          { name: 'address', type: 'text', value: (r: DriftResult) => r.address },
          { name: 'kind', type: 'text', value: (r) => r.kind },
          { name: 'metric', type: 'text', value: (r) => r.metric },
          { name: 'chain_value', type: 'numeric', value: (r) => r.chain },
          { name: 'derived', type: 'numeric', value: (r) => r.derived },
          { name: 'abs_drift', type: 'numeric', value: (r) => r.absDrift },
          {
            name: 'rel_drift',
            type: 'double precision',
            value: (r) => (r.relDrift === null || !Number.isFinite(r.relDrift) ? null : r.relDrift),
          },
          { name: 'exact', type: 'boolean', value: (r) => r.exact },
          { name: 'status', type: 'text', value: (r) => r.status },
          { name: 'at_lt', type: 'numeric', value: (r) => r.atLt },
          { name: 'reconciled', type: 'boolean', value: (r) => r.reconciled },
          { name: 'checked_at', type: 'timestamptz', value: () => checkedAt },
        ],
        conflict: ['address', 'metric'],
      },
      results,
    );
  } finally {
    client.release();
  }
}
