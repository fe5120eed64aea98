import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, testKafka, uniqueName } from '../../test/support/servers.js';
import {
  loadPlatformaticPort,
  type IncomingBatch,
  type KafkaPort,
  type TopicPartitionOffset,
} from './index.js';
import { createPlatformaticPort } from './platformatic-port.js';

// The @platformatic/kafka port against a real broker, checked against the kafkajs port where both should agree.

const brokers = () => endpoints().kafkaBrokers.split(',');

interface Consumed {
  batches: IncomingBatch[];
  assigned: { topic: string; partition: number }[][];
}

/**
 * Runs a consumer of `groupId` until `count` records arrived, committing after each batch when `commit` is set;
 * `onAssigned` is passed through.
 */
async function consumeUntil(
  kafka: KafkaPort,
  topic: string,
  groupId: string,
  count: number,
  opts: {
    commit?: boolean;
    onAssigned?: (a: { topic: string; partition: number }[]) => Promise<TopicPartitionOffset[] | void>;
  } = {},
): Promise<Consumed> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  const out: Consumed = { batches: [], assigned: [] };
  let seen = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${seen} of ${count} records in 60 s`)), 60_000);
      consumer
        .run({
          topics: [topic],
          onAssigned: async (assigned) => {
            out.assigned.push(assigned);
            return opts.onAssigned?.(assigned);
          },
          eachBatch: async (batch, control) => {
            expect(control.isRunning()).toBe(true);
            out.batches.push(batch);
            const last = batch.records[batch.records.length - 1];
            if (opts.commit && last)
              await control.commit([
                { topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
              ]);
            await control.heartbeat();
            seen += batch.records.length;
            if (seen >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

describe('@platformatic/kafka port (real broker)', () => {
  let kafka: KafkaPort;
  const topics: string[] = [];

  beforeAll(async () => {
    kafka = await loadPlatformaticPort({ brokers: brokers(), clientId: uniqueName('plt') });
  });

  afterAll(async () => {
    if (!topics.length) return;
    const admin = testKafka().admin();
    await admin.connect();
    await admin.deleteTopics(topics).catch(() => undefined);
    await admin.disconnect();
  });

  it('round-trips keys, values and headers in per-partition offset order, and resumes from committed offsets', async () => {
    const topic = uniqueName('plt_roundtrip');
    topics.push(topic);
    const groupId = uniqueName('plt_group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([{ topic, partitions: 3 }]);
    await admin.ensureTopics([{ topic, partitions: 3 }]); // existing: left alone

    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 30 }, (_, i) => ({
      key: i % 2 ? `k${i % 5}` : Buffer.from(`k${i % 5}`),
      value: i === 29 ? null : JSON.stringify({ i }),
      headers: { 'x-i': String(i), 'x-utf8': 'ü€' },
    }));
    await producer.send(topic, sent.slice(0, 20));
    await producer.sendMany([
      { topic, records: sent.slice(20) },
      { topic, records: [] },
    ]);
    // An explicit partition wins over the key.
    await producer.send(topic, [{ key: 'k0', value: JSON.stringify({ i: 30 }), partition: 2 }]);

    const first = await consumeUntil(kafka, topic, groupId, 31, { commit: true });
    const records = first.batches.flatMap((b) => b.records);
    expect(records).toHaveLength(31);
    expect(first.assigned).toEqual([[0, 1, 2].map((partition) => ({ topic, partition }))]);
    for (const b of first.batches) {
      expect(b.records.every((r) => r.topic === topic && r.partition === b.partition)).toBe(true);
      const offsets = b.records.map((r) => BigInt(r.offset));
      expect(offsets).toEqual([...offsets].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      expect(BigInt(b.highWatermark)).toBeGreaterThan(offsets[offsets.length - 1]!);
    }
    const byI = new Map(
      records.map((r) => [Number(r.headers['x-i'] ?? JSON.parse(r.value!.toString()).i), r] as const),
    );
    for (let i = 0; i < 30; i++) {
      const r = byI.get(i)!;
      expect(r.key!.toString()).toBe(`k${i % 5}`);
      expect(r.value === null ? null : JSON.parse(r.value.toString()).i).toBe(i === 29 ? null : i);
      expect(r.headers).toEqual({ 'x-i': String(i), 'x-utf8': 'ü€' });
      expect(Number(r.timestamp)).toBeGreaterThan(Date.now() - 120_000);
    }
    expect(byI.get(30)!.partition).toBe(2);
    expect(byI.get(30)!.headers).toEqual({});
    // Same key → same partition, in produce order.
    const byKey = new Map<string, { partition: number; i: number }[]>();
    for (let i = 0; i < 30; i++) {
      const r = byI.get(i)!;
      byKey.set(r.key!.toString(), [...(byKey.get(r.key!.toString()) ?? []), { partition: r.partition, i }]);
    }
    for (const list of byKey.values()) expect(new Set(list.map((x) => x.partition)).size).toBe(1);

    const committed = await admin.committedOffsets(groupId, topic);
    const offsets = await admin.topicOffsets(topic);
    expect(committed.map((c) => c.offset).sort()).toEqual(offsets.map((o) => o.high).sort());
    expect(offsets.every((o) => o.low === '0')).toBe(true);
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(31);

    // The kafkajs admin sees the same group offsets.
    const kafkajsAdmin = testKafka().admin();
    await kafkajsAdmin.connect();
    const byPartition = <T extends { partition: number }>(list: T[]) =>
      [...list].sort((a, b) => a.partition - b.partition);
    expect(byPartition(await kafkajsAdmin.committedOffsets(groupId, topic))).toEqual(byPartition(committed));
    expect(byPartition(await kafkajsAdmin.topicOffsets(topic))).toEqual(byPartition(offsets));
    await kafkajsAdmin.disconnect();

    // Five more: a restarted group member gets only those.
    await producer.send(
      topic,
      Array.from({ length: 5 }, (_, i) => ({ key: 'late', value: JSON.stringify({ i: 100 + i }) })),
    );
    const second = await consumeUntil(kafka, topic, groupId, 5, { commit: true });
    expect(
      second.batches.flatMap((b) => b.records.map((r) => JSON.parse(r.value!.toString()).i)).sort(),
    ).toEqual([100, 101, 102, 103, 104]);

    await producer.disconnect();
    await admin.disconnect();
  });

  it('starts from the offsets onAssigned returns, the committed ones elsewhere', async () => {
    const topic = uniqueName('plt_assigned');
    topics.push(topic);
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([{ topic, partitions: 2 }]);
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1])
      await producer.send(
        topic,
        Array.from({ length: 10 }, (_, i) => ({ key: null, value: `${partition}:${i}`, partition })),
      );
    await producer.disconnect();

    // Partition 0 from offset 7 (as a stage keeping offsets next to its data would say); partition 1 left out.
    const run = await consumeUntil(kafka, topic, uniqueName('plt_group'), 13, {
      onAssigned: async (assigned) =>
        assigned.filter((a) => a.partition === 0).map((a) => ({ ...a, offset: '7' })),
    });
    const values = run.batches.flatMap((b) => b.records.map((r) => r.value!.toString()));
    expect(values.filter((v) => v.startsWith('0:'))).toEqual(['0:7', '0:8', '0:9']);
    expect(values.filter((v) => v.startsWith('1:'))).toEqual(Array.from({ length: 10 }, (_, i) => `1:${i}`));
    await admin.disconnect();
  });

  it('partitions keys as the kafkajs port does, and reads what kafkajs wrote', async () => {
    const topic = uniqueName('plt_interop');
    topics.push(topic);
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([{ topic, partitions: 8 }]);
    const keys = Array.from({ length: 64 }, (_, i) => `account-${i}`);
    const viaKafkajs = testKafka().producer();
    const viaPlatformatic = kafka.producer();
    await Promise.all([viaKafkajs.connect(), viaPlatformatic.connect()]);
    await viaKafkajs.send(
      topic,
      keys.map((key) => ({ key, value: 'kafkajs', headers: { from: 'kafkajs' } })),
    );
    await viaPlatformatic.send(
      topic,
      keys.map((key) => ({ key, value: 'platformatic' })),
    );
    await Promise.all([viaKafkajs.disconnect(), viaPlatformatic.disconnect()]);

    const run = await consumeUntil(kafka, topic, uniqueName('plt_group'), 128);
    const partitionOf = new Map<string, Set<number>>();
    for (const r of run.batches.flatMap((b) => b.records)) {
      const set = partitionOf.get(r.key!.toString()) ?? new Set();
      set.add(r.partition);
      partitionOf.set(r.key!.toString(), set);
      if (r.value!.toString() === 'kafkajs') expect(r.headers).toEqual({ from: 'kafkajs' });
    }
    expect(partitionOf.size).toBe(64);
    for (const [key, set] of partitionOf) expect([key, set.size]).toEqual([key, 1]);
    await admin.disconnect();
  });

  // A fetch reads each partition whole here, so at the rebalance the first member holds fetched but undelivered
  // records of partitions nobody committed: they are dropped, and the partition must be read again from 0.
  it('loses no record when a second member joins mid-stream, each batch in offset order', async () => {
    const topic = uniqueName('plt_rebalance');
    topics.push(topic);
    const groupId = uniqueName('plt_group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([{ topic, partitions: 4 }]);
    const producer = kafka.producer();
    await producer.connect();
    for (let j = 0; j < 40; j++)
      await producer.send(
        topic,
        Array.from({ length: 20 }, (_, i) => ({ key: null, value: `${j}:${i}`, partition: i % 4 })),
      );
    await producer.disconnect();

    const seen = new Set<string>();
    const assignments: string[] = [];
    const member = async (name: string) => {
      const consumer = kafka.consumer({ groupId, sessionTimeoutMs: 10_000 });
      await consumer.connect();
      await consumer.run({
        topics: [topic],
        onAssigned: async (a) => {
          assignments.push(`${name}:${a.map((x) => x.partition).join(',')}`);
        },
        eachBatch: async (batch, control) => {
          const offsets = batch.records.map((r) => Number(r.offset));
          expect(offsets).toEqual(offsets.map((_, i) => offsets[0]! + i));
          for (const o of offsets) seen.add(`${batch.partition}:${o}`);
          // Slow work (8 ms a record): the second member joins long before the first could finish alone.
          await new Promise((resolve) => setTimeout(resolve, 8 * offsets.length));
          await control.commit([
            { topic, partition: batch.partition, offset: String(offsets[offsets.length - 1]! + 1) },
          ]);
        },
      });
      return consumer;
    };
    const a = await member('a');
    while (seen.size < 50) await new Promise((resolve) => setTimeout(resolve, 20));
    const b = await member('b');
    const deadline = Date.now() + 60_000;
    while (seen.size < 800 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([a.disconnect(), b.disconnect()]);
    expect(seen.size).toBe(800);
    // Both members got partitions: the join did rebalance the group.
    expect(assignments.some((x) => x.startsWith('b:') && x.length > 2)).toBe(true);
    expect(assignments.filter((x) => x.startsWith('a:')).length).toBeGreaterThanOrEqual(2);
    await admin.disconnect();
  });

  it('seeks a partition back while running', async () => {
    const topic = uniqueName('plt_seek');
    topics.push(topic);
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([{ topic, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send(
      topic,
      Array.from({ length: 100 }, (_, i) => ({ key: null, value: String(i) })),
    );
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: uniqueName('plt_group') });
    await consumer.connect();
    const batches: number[][] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          topics: [topic],
          eachBatch: async (batch) => {
            batches.push(batch.records.map((r) => Number(r.offset)));
            if (batches.length === 1) consumer.seek({ topic, partition: 0, offset: '5' });
            else if (batches.flat().filter((o) => o === 99).length === 2) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    const after = batches.slice(1).flat();
    expect(after).toEqual(Array.from({ length: 95 }, (_, i) => 5 + i));
    await admin.disconnect();
  });

  it('stops and leaves the group when a batch handler throws', async () => {
    const topic = uniqueName('plt_throw');
    topics.push(topic);
    const groupId = uniqueName('plt_group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([{ topic, partitions: 2 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: String(i) })),
    );
    await producer.disconnect();

    const failing = kafka.consumer({ groupId });
    await failing.connect();
    let calls = 0;
    await new Promise<void>((resolve) => {
      void failing.run({
        topics: [topic],
        eachBatch: async () => {
          calls++;
          resolve();
          throw new Error('boom');
        },
      });
    });
    // The group is free at once (no session timeout to wait for): a new member reads everything.
    const started = Date.now();
    const next = await consumeUntil(kafka, topic, groupId, 10);
    expect(next.batches.flatMap((b) => b.records)).toHaveLength(10);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(calls).toBe(1);
    await failing.disconnect();
    await admin.disconnect();
  });

  it('fails fast with a one-line cause when the broker is unreachable', async () => {
    const unreachable = createPlatformaticPort({
      brokers: ['127.0.0.1:1'],
      clientId: 'unreachable',
      connectRetries: 1,
      connectionTimeoutMs: 500,
    });
    const started = Date.now();
    await expect(unreachable.admin().connect()).rejects.toThrow(
      /cannot reach Kafka at 127\.0\.0\.1:1 \(KAFKA_BROKERS\) for the admin client/,
    );
    await expect(unreachable.producer().connect()).rejects.toThrow(/for the producer/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
