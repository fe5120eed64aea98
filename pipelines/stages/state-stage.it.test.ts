import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, migratePostgres } from '../../connectors/postgres/index.js';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import {
  bodyCell,
  buildTransaction,
  internalMessage,
  ACCOUNT,
  OTHER,
} from '../../operators/decode/transaction-builder.js';
import { enrichEvent } from '../../operators/enrich/enrich-event.js';
import { storeDeposit } from '../../schemas/contracts/v2/vault/deposit.js';
import { storeMintRequest } from '../../schemas/contracts/v2/vault/mint-request.js';
import { enrichedEventToJson } from '../../schemas/events/enriched-event.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { testContext } from '../../test/support/context.js';
import { freshPostgresDatabase, testKafka, uniqueName } from '../../test/support/servers.js';
import { runStateStage } from './state-stage.js';

const USER = '0:' + 'd4'.repeat(32);
const ref = defaultReferenceData();

/** 30 deposits of the vault across the six tranches, as the decode stage would publish them. */
function depositEvents() {
  return Array.from({ length: 30 }, (_, i) => {
    const amount = 1_000_000_000n * BigInt(i + 1) + 7n;
    const { input } = buildTransaction({
      lt: 1_000n + BigInt(i) * 10n,
      now: 1_700_000_000 + i * 20,
      inMessage: internalMessage({ value: amount, body: bodyCell(storeDeposit({ trancheId: (i % 6) + 1 })) }),
      outMessages: [
        internalMessage({
          src: ACCOUNT,
          dest: OTHER,
          value: 100_000_000n,
          body: bodyCell(storeMintRequest({ txId: BigInt(i), depositor: USER, tokens: amount })),
        }),
      ],
    });
    return { amount, events: decodeTransaction(input, 'vault-v2').events.map((e) => enrichEvent(ref, e)) };
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not reached in time');
}

describe('state stage (real Kafka and PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    db = await freshPostgresDatabase();
    await migratePostgres(db.url, 'st');
  });
  afterAll(async () => db?.drop());

  it('applies each event once: duplicates, re-delivery and a restart leave the state identical', async () => {
    const deposits = depositEvents();
    const total = deposits.reduce((s, d) => s + d.amount, 0n);
    const events = deposits.flatMap((d) => d.events);
    expect(events.filter((e) => e.type === 'DepositMade')).toHaveLength(30);

    const kafka = testKafka();
    const topics = { events: uniqueName('events'), alerts: uniqueName('alerts'), dlq: uniqueName('dlq') };
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([
      { topic: topics.events, partitions: 2 },
      { topic: topics.alerts, partitions: 1 },
      { topic: topics.dlq, partitions: 1 },
    ]);
    const producer = kafka.producer();
    await producer.connect();
    const records = events.map((e) => ({ key: e.stateOwner, value: JSON.stringify(enrichedEventToJson(e)) }));
    // Every event twice (at-least-once delivery upstream), plus one poison record.
    await producer.send(topics.events, [
      ...records,
      ...records,
      { key: ACCOUNT, value: '{"not":"an event"}' },
    ]);

    const pool = createPool(db.url, 'st', 4);
    const q = async (sql: string) => (await pool.query(sql)).rows;
    const groupId = uniqueName('state');
    const start = async () => {
      const ctx = testContext();
      await runStateStage(ctx, { kafka, pool, reference: ref, groupId, topics });
      return ctx;
    };
    let ctx = await start();
    await waitFor(
      async () =>
        (await q(`SELECT coalesce(sum(next_offset), 0)::int AS n FROM consumer_offsets`))[0].n ===
        records.length * 2 + 1,
    );
    const snapshot = async () => ({
      state: (await q(`SELECT address, state FROM contract_state ORDER BY address`)).map((r) =>
        JSON.stringify(r),
      ),
      tranches: await q(
        `SELECT tranche_id, total_capital_nanoton::text, total_tokens::text, nav::text FROM tranche_state ORDER BY tranche_id`,
      ),
      events: (await q(`SELECT count(*)::int AS n FROM events`))[0].n,
    });
    const first = await snapshot();
    expect(first.events).toBe(events.length);
    const vault = JSON.parse(first.state[0]!).state;
    expect(BigInt(vault.totalCapital)).toBe(total);
    expect(first.tranches).toHaveLength(6);
    expect(first.tranches.reduce((s: bigint, t: any) => s + BigInt(t.total_capital_nanoton), 0n)).toBe(total);

    // Restart (state rebuilt from the audit log) and deliver everything again from offset 0 under a new group.
    await ctx.shutdown.shutdown('restart');
    await pool.query(`DELETE FROM consumer_offsets`);
    ctx = await start();
    await waitFor(
      async () =>
        (await q(`SELECT coalesce(sum(next_offset), 0)::int AS n FROM consumer_offsets`))[0].n ===
        records.length * 2 + 1,
    );
    expect(await snapshot()).toEqual(first);

    const dead = await new Promise<number>((resolve) =>
      setTimeout(async () => resolve(Number((await admin.topicOffsets(topics.dlq))[0]!.high)), 500),
    );
    expect(dead).toBeGreaterThanOrEqual(1);

    await ctx.shutdown.shutdown('done');
    await producer.disconnect();
    await admin.deleteTopics(Object.values(topics));
    await admin.disconnect();
    await pool.end();
    void pg;
  });
});
