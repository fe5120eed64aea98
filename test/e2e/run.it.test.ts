import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, loadContractStates } from '../../connectors/postgres/index.js';
import { runDriftCheck, tonClientReader } from '../../pipelines/jobs/drift.js';
import { serveSimulation, simulateToFile } from '../../pipelines/commands/simulate.js';
import { replayFile } from '../../pipelines/commands/replay.js';
import { stateReport } from '../../operators/state/state-report.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { endpoints, uniqueName } from '../support/servers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const namespace = uniqueName('e2e').toLowerCase();
const SEED = 5;
const TRANSACTIONS = 1500;

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const e = endpoints();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'pipelines/cli.ts'), ...args],
      {
        cwd: root,
        env: {
          ...process.env,
          KAFKA_BROKERS: e.kafkaBrokers,
          DATABASE_URL: e.databaseUrl,
          CLICKHOUSE_URL: e.clickhouseUrl,
          LOG_LEVEL: 'warn',
        },
        timeout: 240_000,
        maxBuffer: 32 * 1024 * 1024,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the main job end to end (simulation → TonCenter test server → source → decode → state → PostgreSQL + ClickHouse → drift)', () => {
  const pool = createPool(endpoints().databaseUrl, namespace, 2);
  afterAll(async () => {
    await pool.end();
  });

  it('derives exactly the state the simulated chain reports, and the drift job notices a skewed get-method', async () => {
    const run = await runCli([
      'run',
      '--transactions',
      String(TRANSACTIONS),
      '--seed',
      String(SEED),
      '--shards',
      '16',
      '--namespace',
      namespace,
    ]);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain(`namespace ${namespace}`);

    // Every drift metric compared and equal: derived state = the chain's get-methods, to the nanoTON.
    const drift = (await pool.query(`SELECT status, count(*)::int AS n FROM drift_latest GROUP BY status`))
      .rows;
    expect(drift).toEqual([{ status: 'ok', n: expect.any(Number) }]);
    expect(drift[0].n).toBeGreaterThanOrEqual(21);

    const [events] = (
      await pool.query(`SELECT count(*)::int AS n, count(DISTINCT tx_hash)::int AS txs FROM events`)
    ).rows;
    expect(events.n).toBeGreaterThan(TRANSACTIONS / 2);
    const tranches = (await pool.query(`SELECT count(*)::int AS n FROM tranche_state`)).rows[0].n;
    expect(tranches).toBe(6);

    // ClickHouse got the same events (FINAL collapses re-deliveries).
    const ch = createClient({ url: endpoints().clickhouseUrl });
    const rows = await (
      await ch.query({ query: `SELECT count() AS n FROM ${namespace}.events FINAL`, format: 'JSONEachRow' })
    ).json<{ n: string }>();
    await ch.close();
    expect(Number(rows[0]!.n)).toBe(
      events.n - (await pool.query(`SELECT count(*)::int AS n FROM events WHERE event_index < 0`)).rows[0].n,
    );

    // The offline replay of the same simulated input lands on the same state as the pipeline in PostgreSQL.
    const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
    const sim = await simulateToFile({
      seed: SEED,
      transactions: TRANSACTIONS,
      shards: 16,
      output: join(dir, 'sim.jsonl'),
    });
    const simContracts = new Map(
      Object.entries(sim.contracts instanceof Map ? Object.fromEntries(sim.contracts) : sim.contracts),
    ) as never;
    await replayFile({
      inputs: [join(dir, 'sim.jsonl')],
      contracts: simContracts,
      stateOut: join(dir, 'state.json'),
    });
    const offline = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    const online = stateReport(await loadContractStates(pool));
    expect(Object.keys(online).length).toBeGreaterThan(5);
    for (const [address, entry] of Object.entries(online)) expect(offline[address], address).toEqual(entry);

    // The same simulation with the vault's total capital skewed by 1 TON: exactly that metric drifts.
    const skewed = await serveSimulation({
      seed: SEED,
      transactions: TRANSACTIONS,
      shards: 16,
      rate: 0,
      port: 0,
      drift: { method: 'get_total_capital', delta: 1_000_000_000n },
    });
    await skewed.done;
    const contracts =
      skewed.contracts instanceof Map ? skewed.contracts : new Map(Object.entries(skewed.contracts));
    const report = await runDriftCheck({
      contracts: contracts as never,
      pool,
      chain: tonClientReader(skewed.url),
      applied: async () => true,
    });
    await skewed.close();
    const bad = report.results.filter((r) => r.status !== 'ok');
    expect(bad.map((r) => [r.metric, r.status, r.absDrift])).toEqual([
      ['total_capital', 'warn', '1000000000'],
    ]);
  });
});
