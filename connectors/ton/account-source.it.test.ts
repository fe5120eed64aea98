import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, migratePostgres } from '../../connectors/postgres/index.js';
import { runSourcePipeline } from '../../pipelines/source-pipeline.js';
import { decodeRawRecord } from '../../schemas/records/raw-transaction.js';
import { testContext } from '../../test/support/context.js';
import { readTopic } from '../../test/support/kafka.js';
import { freshPostgresDatabase, testKafka, uniqueName } from '../../test/support/servers.js';
import { synthesizeTransactions } from '../../test/toncenter/fixtures.js';
import { startTonCenterServer, type TonCenterServer } from '../../test/toncenter/server.js';
import { AccountSource } from './account-source.js';
import { PostgresCursorStore } from './cursor-store.js';

const VAULT = `0:${'a1'.repeat(32)}`;
const ROUTER = `0:${'b2'.repeat(32)}`;

describe('account source against the TonCenter test server, Kafka and PostgreSQL (real servers)', () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let server: TonCenterServer;
  beforeAll(async () => {
    db = await freshPostgresDatabase();
    await migratePostgres(db.url, 'src');
    server = await startTonCenterServer({
      apiKeys: { 'test-key': 200 },
      rateLimit: { keyRps: 200, burst: 20 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('publishes 1,000 transactions arriving in bursts, under 429/5xx/timeouts and bad pages, in ascending lt with no gap or duplicate', async () => {
    const vaultTxs = synthesizeTransactions({ account: VAULT, count: 1000, startLt: 1_000_000n });
    const routerTxs = synthesizeTransactions({ account: ROUTER, count: 120, startLt: 1_500_000n });
    // A first burst exists before the source starts; the rest arrives while it polls.
    server.store.addTransactions(vaultTxs.slice(0, 250));
    server.store.addTransactions(routerTxs);
    for (const kind of [
      'http500',
      'http502',
      'rateLimit',
      'truncatedPage',
      'duplicatedPage',
      'ltNotInDb',
      'malformedJson',
    ] as const) {
      server.faults.inject({ kind, probability: 0.06, methods: ['getTransactions'] });
    }
    server.faults.inject({ kind: 'timeout', count: 2, delayMs: 1500, methods: ['getTransactions'] });

    const kafka = testKafka();
    const topic = uniqueName('raw');
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([
      { topic, partitions: 2 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const producer = kafka.producer();
    await producer.connect();
    const pool = createPool(db.url, 'src', 2);
    const ctx = testContext();
    const source = new AccountSource(
      {
        endpoints: [server.url],
        apiKey: 'test-key',
        rps: 400,
        pollIntervalMs: 50,
        requestTimeoutMs: 1000,
        accounts: [
          { address: VAULT, kind: 'vault-v2' },
          { address: ROUTER, kind: 'policy-router-v2' },
        ],
        untilCaughtUp: false,
      },
      new PostgresCursorStore(pool),
      ctx.logger,
    );
    let failure: unknown;
    const run = runSourcePipeline(source, { producer, topic, dlqTopic: `${topic}.dlq`, ctx }).catch((err) => {
      failure = err;
      return { published: -1, rejected: 0, batches: 0 };
    });
    for (let start = 250; start < 1000; start += 250) {
      await new Promise((r) => setTimeout(r, 400));
      server.store.addTransactions(vaultTxs.slice(start, start + 250));
    }
    const newest = vaultTxs[vaultTxs.length - 1]!.lt;
    const deadline = Date.now() + 90_000;
    while (!failure && source.progress.get(VAULT)!.publishedLt !== newest && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await ctx.shutdown.shutdown('test done');
    const summary = await run;
    expect(failure).toBeUndefined();
    expect(summary.published).toBe(1120);
    expect(Object.values(server.stats.faults).reduce((a, b) => a + (b ?? 0), 0)).toBeGreaterThan(0);

    const records = (await readTopic(kafka, topic, 1120)).map((r) => decodeRawRecord(r.value, r.headers));
    for (const [account, expected] of [
      [VAULT, vaultTxs],
      [ROUTER, routerTxs],
    ] as const) {
      const got = records.filter((r) => r.account === account);
      expect(got.map((r) => r.lt)).toEqual(expected.map((t) => t.lt));
      expect(got.map((r) => r.hash)).toEqual(expected.map((t) => t.hash));
      expect(got.map((r) => r.boc)).toEqual(expected.map((t) => t.boc));
    }
    const cursors = await pool.query(
      `SELECT address, last_lt::text, transactions_seen::int, status FROM source_cursors ORDER BY address`,
    );
    expect(cursors.rows).toEqual([
      { address: VAULT, last_lt: newest, transactions_seen: 1000, status: 'ok' },
      { address: ROUTER, last_lt: routerTxs[routerTxs.length - 1]!.lt, transactions_seen: 120, status: 'ok' },
    ]);

    server.faults.clear();
    await producer.disconnect();
    await admin.deleteTopics([topic, `${topic}.dlq`]);
    await admin.disconnect();
    await pool.end();
  });
});
