import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSourcePipeline } from '../../pipelines/source-pipeline.js';
import { decodeRawRecord } from '../../schemas/records/raw-transaction.js';
import { testContext } from '../../test/support/context.js';
import { readTopic } from '../../test/support/kafka.js';
import { testKafka, uniqueName } from '../../test/support/servers.js';
import { ReplaySource } from './replay-source.js';

const boc = 'te6cckEBAQEAAgAAAEysuc0=';
const accounts = [`0:${'1'.repeat(64)}`, `0:${'2'.repeat(64)}`, `-1:${'3'.repeat(64)}`];

describe('replay source → Kafka (real broker)', () => {
  it('publishes every record keyed by account in ascending lt, corrupt lines to the DLQ with the original bytes', async () => {
    const lines: string[] = [];
    for (let i = 60; i > 0; i--) {
      const account = accounts[i % 3]!;
      lines.push(
        JSON.stringify({
          v: 1,
          account,
          lt: String(i * 1000),
          hash: i.toString(16).padStart(64, '0'),
          utime: 1_700_000_000 + i,
          boc,
        }),
      );
    }
    lines.splice(10, 0, '{"v":1,"account":"broken"');
    const dir = mkdtempSync(join(tmpdir(), 'replay-it-'));
    writeFileSync(join(dir, 'in.jsonl'), lines.join('\n'));

    const kafka = testKafka();
    const topic = uniqueName('raw');
    const dlqTopic = uniqueName('dlq');
    const admin = kafka.admin();
    await admin.connect();
    await admin.ensureTopics([
      { topic, partitions: 3 },
      { topic: dlqTopic, partitions: 1 },
    ]);
    const producer = kafka.producer();
    await producer.connect();

    const summary = await runSourcePipeline(
      new ReplaySource({ files: [join(dir, 'in.jsonl')], batchSize: 7 }),
      {
        producer,
        topic,
        dlqTopic,
        ctx: testContext(),
      },
    );
    expect(summary).toMatchObject({ published: 60, rejected: 1 });

    const records = await readTopic(kafka, topic, 60);
    const byAccount = new Map<string, bigint[]>();
    for (const r of records) {
      const rec = decodeRawRecord(r.value, r.headers);
      expect(r.key!.toString()).toBe(rec.account);
      expect(rec.source).toBe('replay');
      byAccount.set(rec.account, [...(byAccount.get(rec.account) ?? []), BigInt(rec.lt)]);
    }
    expect(byAccount.size).toBe(3);
    for (const lts of byAccount.values()) {
      expect(lts).toHaveLength(20);
      expect(lts).toEqual([...lts].sort((a, b) => (a < b ? -1 : 1)));
    }

    const [dead] = await readTopic(kafka, dlqTopic, 1);
    const letter = JSON.parse(dead!.value!.toString());
    expect(letter).toMatchObject({ stage: 'source-replay', errorClass: 'SCHEMA_INVALID' });
    expect(Buffer.from(letter.original, 'base64').toString()).toBe('{"v":1,"account":"broken"');
    expect(letter.position).toMatch(/in\.jsonl:11$/);

    await producer.disconnect();
    await admin.deleteTopics([topic, dlqTopic]);
    await admin.disconnect();
  });
});
