import { describe, expect, it } from 'vitest';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { encodeRawRecord } from '../../schemas/records/raw-transaction.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { testContext } from '../../test/support/context.js';
import { readTopic } from '../../test/support/kafka.js';
import { testKafka, uniqueName } from '../../test/support/servers.js';
import { synthesizeTransactions } from '../../test/toncenter/fixtures.js';
import { runDecodeStage } from './decode-stage.js';

const VAULT = `0:${'e5'.repeat(32)}`;
const OTHER = `0:${'f6'.repeat(32)}`;

describe('decode stage (real Kafka)', () => {
  it('decodes, enriches and produces events; poison records go to the DLQ and the stage keeps going', async () => {
    const txs = synthesizeTransactions({ account: VAULT, count: 40 });
    const ignoredTxs = synthesizeTransactions({ account: OTHER, count: 5 });
    const expectedEvents = txs.flatMap((t) => decodeTransaction(t, 'vault-v2').events);
    expect(expectedEvents.length).toBeGreaterThan(0);

    const kafka = testKafka();
    const topics = { raw: uniqueName('raw'), events: uniqueName('events'), dlq: uniqueName('dlq') };
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([
      { topic: topics.raw, partitions: 2 },
      { topic: topics.events, partitions: 2 },
      { topic: topics.dlq, partitions: 1 },
    ]);
    const producer = kafka.producer();
    await producer.connect();
    const records = txs.map((t) => encodeRawRecord({ v: 1, ...t, lt: String(t.lt), source: 'replay' }));
    // Poison in the middle: not JSON, and a valid record whose BOC is garbage.
    records.splice(10, 0, { key: VAULT, value: 'not json at all' });
    records.splice(
      20,
      0,
      encodeRawRecord({
        v: 1,
        account: VAULT,
        lt: '999',
        hash: 'ab'.repeat(32),
        utime: 1,
        boc: 'AAAAAAAAAAAA',
      }),
    );
    records.push(...ignoredTxs.map((t) => encodeRawRecord({ v: 1, ...t, lt: String(t.lt) })));
    await producer.send(topics.raw, records);

    const ctx = testContext();
    const groupId = uniqueName('decode');
    await runDecodeStage(ctx, {
      kafka,
      contracts: new Map([[VAULT, 'vault-v2']]),
      reference: defaultReferenceData(),
      groupId,
      topics,
    });

    const events = await readTopic(kafka, topics.events, expectedEvents.length);
    const ids = events.map((e) => JSON.parse(e.value!.toString()).eventId).sort();
    expect(ids).toEqual(expectedEvents.map((e) => e.eventId).sort());
    for (const e of events) {
      const value = JSON.parse(e.value!.toString());
      expect(e.key!.toString()).toBe(value.stateOwner);
      expect(value).toHaveProperty('enrichment.referenceVersion');
    }

    const dead = (await readTopic(kafka, topics.dlq, 2)).map((r) => JSON.parse(r.value!.toString()));
    expect(dead.map((d) => d.errorClass).sort()).toEqual(['DECODE_ERROR', 'SCHEMA_INVALID']);
    expect(dead.map((d) => Buffer.from(d.original, 'base64').toString())).toContain('not json at all');
    const decodeError = dead.find((d) => d.errorClass === 'DECODE_ERROR');
    expect(decodeError.message).toContain(`account ${VAULT}`);
    expect(decodeError.message).toContain('lt 999');

    // Offsets are committed up to the end of the raw topic once everything is produced.
    const deadline = Date.now() + 15_000;
    let committed: { partition: number; offset: string }[] = [];
    const high = await admin.topicOffsets(topics.raw);
    while (Date.now() < deadline) {
      committed = await admin.committedOffsets(groupId, topics.raw);
      if (high.every((h) => committed.find((c) => c.partition === h.partition)?.offset === h.high)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(committed.map((c) => c.offset).sort()).toEqual(high.map((h) => h.high).sort());

    await ctx.shutdown.shutdown('test done');
    await producer.disconnect();
    await admin.deleteTopics(Object.values(topics));
    await admin.disconnect();
  });
});
