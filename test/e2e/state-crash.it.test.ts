import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, migratePostgres } from '../../connectors/postgres/index.js';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { enrichEvent } from '../../operators/enrich/enrich-event.js';
import { enrichedEventToJson } from '../../schemas/events/enriched-event.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { ProtocolSimulation } from '../simulator/simulator.js';
import { endpoints, testKafka, uniqueName } from '../support/servers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Transactions simulated; TONSTREAM_TEST_CRASH_TRANSACTIONS=100000 gives the ~100k-event run.
const TRANSACTIONS = Number(process.env.TONSTREAM_TEST_CRASH_TRANSACTIONS ?? 8000);

function startStage(namespace: string): ChildProcess {
  const e = endpoints();
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'pipelines/cli.ts'),
      'stage',
      'state',
      '--no-clickhouse',
      '--namespace',
      namespace,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        KAFKA_BROKERS: e.kafkaBrokers,
        DATABASE_URL: e.databaseUrl,
        CLICKHOUSE_URL: e.clickhouseUrl,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

/** A digest of every state table, without the wall-clock columns. */
const DIGEST = `
  SELECT md5(coalesce((SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT address || state::text || last_lt::text AS x FROM contract_state) a), '')) AS contract_state,
         md5(coalesce((SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT event_id || event_type || lt::text || tx_hash || data::text AS x FROM events) a), '')) AS events,
         md5(coalesce((SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT contract || policy_id::text || status || coverage::text || coalesce(product_key, '') || created_lt::text AS x FROM policies) a), '')) AS policies,
         md5(coalesce((SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT product_key || active_coverage::text || active_policies || total_premiums::text || total_payouts::text AS x FROM product_exposure) a), '')) AS product_exposure,
         md5(coalesce((SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT vault || tranche_id || total_capital_nanoton::text || coverage_sold_nanoton::text || total_tokens::text || nav::text AS x FROM tranche_state) a), '')) AS tranche_state,
         md5(coalesce((SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT address || collection || key || value::text AS x FROM contract_entries) a), '')) AS contract_entries,
         (SELECT count(*)::int FROM events) AS event_rows,
         (SELECT count(*)::int FROM contract_entries) AS entry_rows`;

describe('state stage crash safety (kill -9 of a real process; real Kafka and PostgreSQL)', () => {
  const clean = uniqueName('clean').toLowerCase();
  const crashed = uniqueName('crash').toLowerCase();
  const pools = [clean, crashed].map((ns) => createPool(endpoints().databaseUrl, ns, 2));
  afterAll(async () => Promise.all(pools.map((p) => p.end())));

  it(
    'gives identical tables to an uninterrupted run, and replaying the input again changes nothing',
    async () => {
      const ref = defaultReferenceData();
      const sim = new ProtocolSimulation({ seed: 21, transactions: TRANSACTIONS, shards: 16 });
      const contracts = sim.contracts as Record<string, string>;
      const records: { key: string; value: string }[] = [];
      let generated = 0;
      for (const r of sim.records()) {
        // Let the test runner's worker breathe during a long synchronous generation (100k-transaction runs).
        if (++generated % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
        const kind = (contracts instanceof Map ? contracts.get(r.account) : contracts[r.account]) as never;
        if (!kind) continue;
        for (const e of decodeTransaction(r, kind).events)
          records.push({
            key: e.stateOwner,
            value: JSON.stringify(enrichedEventToJson(enrichEvent(ref, e))),
          });
      }
      const kafka = testKafka();
      const admin = kafka.admin();
      await admin.connect();
      const producer = kafka.producer();
      await producer.connect();
      for (const ns of [clean, crashed]) {
        await migratePostgres(endpoints().databaseUrl, ns);
        // One partition: both runs read the events in the same order.
        await admin.ensureTopics([{ topic: `${ns}.tonsurance.events.v1`, partitions: 1 }]);
        await producer.send(`${ns}.tonsurance.events.v1`, records);
      }
      const appliedOffset = async (pool: (typeof pools)[number]) =>
        Number(
          (
            await pool
              .query(`SELECT coalesce(sum(next_offset), 0)::int AS n FROM consumer_offsets`)
              .catch(() => ({ rows: [{ n: 0 }] }))
          ).rows[0].n,
        );
      const runUntilDone = async (ns: string, pool: (typeof pools)[number], target: number) => {
        const child = startStage(ns);
        const deadline = Date.now() + 600_000;
        while ((await appliedOffset(pool)) < target && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 300));
        child.kill('SIGTERM');
        await exited(child);
      };

      await runUntilDone(clean, pools[0]!, records.length);
      // The other namespace: killed with SIGKILL three times part-way, then run to the end.
      let seed = 3;
      for (let i = 0; i < 3; i++) {
        const child = startStage(crashed);
        const before = await appliedOffset(pools[1]!);
        const stopAt =
          before + Math.floor(((seed = (seed * 7919) % 1000) / 1000) * (records.length - before) * 0.5) + 1;
        const deadline = Date.now() + 300_000;
        while ((await appliedOffset(pools[1]!)) < stopAt && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        child.kill('SIGKILL');
        await exited(child);
      }
      await runUntilDone(crashed, pools[1]!, records.length);

      const [a] = (await pools[0]!.query(DIGEST)).rows;
      const [b] = (await pools[1]!.query(DIGEST)).rows;
      expect(a.event_rows).toBeGreaterThan(records.length * 0.9);
      expect(a.entry_rows).toBeGreaterThan(0); // vault pending transactions are among the tables compared
      expect(b).toEqual(a);

      // The same input delivered again: nothing changes.
      await producer.send(`${crashed}.tonsurance.events.v1`, records);
      await runUntilDone(crashed, pools[1]!, records.length * 2);
      expect((await pools[1]!.query(DIGEST)).rows[0]).toEqual(a);

      await producer.disconnect();
      await admin.deleteTopics([`${clean}.tonsurance.events.v1`, `${crashed}.tonsurance.events.v1`]);
      await admin.disconnect();
    },
    30 * 60_000,
  );
});
