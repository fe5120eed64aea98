import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingRecord } from '../../connectors/kafka/index.js';
import { freshClickHouseDatabase, freshPostgresDatabase, testKafka, uniqueName } from '../support/servers.js';

// These tests prove the servers are real: they exercise behaviour no in-memory stand-in would have.

describe('Kafka (real broker)', () => {
  it('round-trips records and resumes from committed offsets in a consumer group', async () => {
    const kafka = testKafka();
    const topic = uniqueName('roundtrip');
    const groupId = uniqueName('group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([{ topic, partitions: 2 }]);

    const producer = kafka.producer();
    await producer.connect();
    await producer.send(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 4}`, value: JSON.stringify({ i }) })),
    );

    const consumeUntil = async (count: number, commitAfter: number) => {
      const consumer = kafka.consumer({ groupId });
      await consumer.connect();
      const seen: IncomingRecord[] = [];
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            topics: [topic],
            eachBatch: async (batch, control) => {
              for (const r of batch.records) {
                seen.push(r);
                if (seen.length <= commitAfter) {
                  await control.commit([
                    { topic, partition: r.partition, offset: (BigInt(r.offset) + 1n).toString() },
                  ]);
                }
              }
              if (seen.length >= count) resolve();
            },
          })
          .catch(reject);
      });
      await consumer.disconnect();
      return seen;
    };

    const first = await consumeUntil(20, 20);
    expect(first).toHaveLength(20);
    expect(new Set(first.map((r) => JSON.parse(r.value!.toString()).i))).toEqual(
      new Set(Array.from({ length: 20 }, (_, i) => i)),
    );
    // Same key → same partition, in produce order.
    const byKey = new Map<string, number[]>();
    for (const r of first)
      byKey.set(r.key!.toString(), [
        ...(byKey.get(r.key!.toString()) ?? []),
        JSON.parse(r.value!.toString()).i,
      ]);
    for (const values of byKey.values()) expect(values).toEqual([...values].sort((a, b) => a - b));

    const committed = await admin.committedOffsets(groupId, topic);
    const high = await admin.topicOffsets(topic);
    expect(committed.map((c) => c.offset).sort()).toEqual(high.map((h) => h.high).sort());

    // Five more records: a restarted group member gets only those.
    await producer.send(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ key: 'late', value: JSON.stringify({ i: 100 + i }) })),
    );
    const second = await consumeUntil(5, 5);
    expect(second.map((r) => JSON.parse(r.value!.toString()).i).sort()).toEqual([100, 101, 102, 103, 104]);

    await producer.disconnect();
    await admin.deleteTopics([topic]);
    await admin.disconnect();
  });

  it('fails fast with a one-line cause when the broker is unreachable', async () => {
    const { createKafkajsPort } = await import('../../connectors/kafka/index.js');
    const kafka = createKafkajsPort({
      brokers: ['127.0.0.1:1'],
      clientId: 'unreachable',
      connectRetries: 1,
      connectionTimeoutMs: 500,
    });
    const admin = kafka.admin();
    await expect(admin.connect()).rejects.toThrow(/cannot reach Kafka at 127\.0\.0\.1:1 \(KAFKA_BROKERS\)/);
  });
});

describe('PostgreSQL (real server)', () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    db = await freshPostgresDatabase();
  });
  afterAll(async () => db?.drop());

  it('commits and rolls back transactions, with concurrent visibility', async () => {
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    await a.query('CREATE TABLE t (id bigint PRIMARY KEY, amount numeric NOT NULL)');

    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (1, 18446744073709551615)');
    expect((await b.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(0); // not yet visible
    await a.query('COMMIT');
    expect((await b.query('SELECT amount::text FROM t WHERE id = 1')).rows[0].amount).toBe(
      '18446744073709551615',
    );

    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (2, 1)');
    await a.query('ROLLBACK');
    expect((await b.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(1);

    await expect(a.query('INSERT INTO t VALUES (1, 2)')).rejects.toMatchObject({ code: '23505' });
    await Promise.all([a.end(), b.end()]);
  });
});

describe('ClickHouse (real server)', () => {
  let ch: Awaited<ReturnType<typeof freshClickHouseDatabase>>;
  beforeAll(async () => {
    ch = await freshClickHouseDatabase();
  });
  afterAll(async () => ch?.drop());

  it('inserts JSONEachRow rows and collapses replays with ReplacingMergeTree FINAL', async () => {
    await ch.client.command({
      query: `CREATE TABLE ${ch.database}.e (id String, lt UInt64, amount UInt64, ver UInt64)
              ENGINE = ReplacingMergeTree(ver) ORDER BY id`,
    });
    const rows = [
      { id: 'a', lt: '18446744073709551615', amount: '5', ver: '1' },
      { id: 'b', lt: '2', amount: '6', ver: '1' },
    ];
    await ch.client.insert({ table: `${ch.database}.e`, values: rows, format: 'JSONEachRow' });
    await ch.client.insert({
      table: `${ch.database}.e`,
      values: [{ ...rows[0], amount: '7', ver: '2' }],
      format: 'JSONEachRow',
    });
    const result = await ch.client.query({
      query: `SELECT id, lt, amount FROM ${ch.database}.e FINAL ORDER BY id`,
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { id: 'a', lt: '18446744073709551615', amount: '7' },
      { id: 'b', lt: '2', amount: '6' },
    ]);
    const version = await (
      await ch.client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })
    ).json<{ v: string }>();
    expect(version[0]!.v).toMatch(/^\d+\.\d+/);
  });
});
