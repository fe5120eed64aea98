/**
 * Kafka section: produce and consume rate of 1 KB records through the Kafka port (kafkajs behind
 * `createKafkajsPort`) and through plain kafkajs with the same client settings (idempotent producer, one
 * request in flight, acks=all, 4 MB per partition fetches), so the difference is what the port itself costs.
 *
 * Each round produces `kafkaRecords` records to a fresh 4-partition topic per path, in sends of 500 records
 * (~0.5 MB), and again in sends of 400 (which fit in one of the port's 512 KB requests; 500 do not), then reads
 * the first two topics back with a fresh consumer group each. Consume rate is
 * taken from the first fetched batch to the last record (group join is reported apart). Paths alternate order
 * from round to round; the median per path is reported.
 */
import { randomBytes } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import type { KafkaPort, OutgoingRecord } from '../../connectors/kafka/index.js';
import type { Endpoints } from '../setup/endpoints.js';
import { median, type BenchOptions, type BenchSection, type SectionResult } from './section.js';
import { benchEndpoints, brokerList, dropKafkaScratch, plainKafka, scratchName } from './services.js';

const PARTITIONS = 4;
const RECORD_BYTES = 1024;
const RECORDS_PER_SEND = 500;
/** A send that fits in one of the port's 512 KB requests (500 × 1 KB does not: the port splits it in two). */
const RECORDS_PER_SEND_SMALL = 400;
const KEYS = 256;
const CONSUME_TIMEOUT_MS = 300_000;

/** 64 distinct random payloads, cycled: incompressible, and no allocation inside the timed loop. */
const PAYLOADS = Array.from({ length: 64 }, () => randomBytes(RECORD_BYTES));
const KEY_STRINGS = Array.from({ length: KEYS }, (_, i) => `key-${i}`);

export interface ConsumeTiming {
  recordsPerSec: number;
  joinMs: number;
}

async function producePort(
  port: KafkaPort,
  topic: string,
  records: number,
  perSend: number,
): Promise<number> {
  const producer = port.producer();
  await producer.connect();
  try {
    const started = performance.now();
    for (let sent = 0; sent < records;) {
      const n = Math.min(perSend, records - sent);
      const batch: OutgoingRecord[] = new Array(n);
      for (let i = 0; i < n; i++)
        batch[i] = { key: KEY_STRINGS[(sent + i) % KEYS]!, value: PAYLOADS[(sent + i) % PAYLOADS.length]! };
      await producer.send(topic, batch);
      sent += n;
    }
    return (records / (performance.now() - started)) * 1000;
  } finally {
    await producer.disconnect();
  }
}

async function producePlain(kafka: Kafka, topic: string, records: number, perSend: number): Promise<number> {
  // The settings createKafkajsPort gives its default (idempotent) producer.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 10_000 },
  });
  await producer.connect();
  try {
    const started = performance.now();
    for (let sent = 0; sent < records;) {
      const n = Math.min(perSend, records - sent);
      const messages: { key: string; value: Buffer }[] = new Array(n);
      for (let i = 0; i < n; i++)
        messages[i] = {
          key: KEY_STRINGS[(sent + i) % KEYS]!,
          value: PAYLOADS[(sent + i) % PAYLOADS.length]!,
        };
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
      sent += n;
    }
    return (records / (performance.now() - started)) * 1000;
  } finally {
    await producer.disconnect();
  }
}

/** Counts records until `records` arrived; rate from the first batch's arrival to the last record. */
class ConsumeClock {
  private readonly started = performance.now();
  private firstAt = 0;
  private firstCount = 0;
  private count = 0;
  private resolve!: (timing: ConsumeTiming) => void;
  readonly done = new Promise<ConsumeTiming>((resolve) => (this.resolve = resolve));

  constructor(private readonly records: number) {}

  add(n: number): void {
    if (n === 0) return;
    const now = performance.now();
    if (this.count === 0) {
      this.firstAt = now;
      this.firstCount = n;
    }
    this.count += n;
    if (this.count >= this.records) {
      const rest = this.count - this.firstCount;
      this.resolve({
        recordsPerSec: rest > 0 && now > this.firstAt ? (rest / (now - this.firstAt)) * 1000 : Number.NaN,
        joinMs: this.firstAt - this.started,
      });
    }
  }

  seen(): number {
    return this.count;
  }
}

async function withTimeout<T>(
  what: string,
  clock: ConsumeClock,
  records: number,
  done: Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: ${clock.seen()} of ${records} records in ${CONSUME_TIMEOUT_MS} ms`)),
      CONSUME_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function consumePort(
  port: KafkaPort,
  topic: string,
  groupId: string,
  records: number,
): Promise<ConsumeTiming> {
  const consumer = port.consumer({ groupId });
  await consumer.connect();
  const clock = new ConsumeClock(records);
  try {
    await consumer.run({
      topics: [topic],
      fromBeginning: true,
      eachBatch: async (batch) => clock.add(batch.records.length),
    });
    return await withTimeout('port consumer', clock, records, clock.done);
  } finally {
    await consumer.disconnect();
  }
}

async function consumePlain(
  kafka: Kafka,
  topic: string,
  groupId: string,
  records: number,
): Promise<ConsumeTiming> {
  // The settings of the port's consumer, and its eachBatch mode (no auto-commit, offsets resolved per batch).
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    maxBytesPerPartition: 4 * 1024 * 1024,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  const clock = new ConsumeClock(records);
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset }) => {
        clock.add(batch.messages.length);
        const last = batch.messages[batch.messages.length - 1];
        if (last) resolveOffset(last.offset);
      },
    });
    return await withTimeout('plain kafkajs consumer', clock, records, clock.done);
  } finally {
    await consumer.disconnect();
  }
}

async function round(
  endpoints: Endpoints,
  records: number,
  portFirst: boolean,
  log: BenchOptions['log'],
  r: number,
) {
  const id = scratchName('bench_kafka');
  const portTopic = `${id}.port`;
  const plainTopic = `${id}.plain`;
  const smallTopics = [`${id}.port400`, `${id}.plain400`] as const;
  const groups = [`${id}-port`, `${id}-plain`];
  const port = createKafkajsPort({ brokers: brokerList(endpoints), clientId: `${id}-port` });
  const kafka = plainKafka(endpoints, `${id}-plain`);
  const admin = port.admin();
  await admin.connect();
  try {
    await admin.ensureTopics(
      [portTopic, plainTopic, ...smallTopics].map((topic) => ({ topic, partitions: PARTITIONS })),
    );
    const produce = [
      () => producePort(port, portTopic, records, RECORDS_PER_SEND),
      () => producePlain(kafka, plainTopic, records, RECORDS_PER_SEND),
    ] as const;
    const produceSmall = [
      () => producePort(port, smallTopics[0], records, RECORDS_PER_SEND_SMALL),
      () => producePlain(kafka, smallTopics[1], records, RECORDS_PER_SEND_SMALL),
    ] as const;
    const consume = [
      () => consumePort(port, portTopic, groups[0]!, records),
      () => consumePlain(kafka, plainTopic, groups[1]!, records),
    ] as const;
    const order = portFirst ? [0, 1] : [1, 0];
    const produced: number[] = [0, 0];
    const producedSmall: number[] = [0, 0];
    const consumed: ConsumeTiming[] = [];
    for (const i of order) produced[i] = await produce[i]!();
    for (const i of order) producedSmall[i] = await produceSmall[i]!();
    for (const i of order) consumed[i] = await consume[i]!();
    const [portIn, plainIn] = [consumed[0]!, consumed[1]!];
    log(
      `  round ${r}: produce port ${Math.round(produced[0]!)} / plain ${Math.round(produced[1]!)} rec/s ` +
        `(${RECORDS_PER_SEND_SMALL} per send: ${Math.round(producedSmall[0]!)} / ${Math.round(producedSmall[1]!)}); ` +
        `consume port ${Math.round(portIn.recordsPerSec)} / plain ${Math.round(plainIn.recordsPerSec)} rec/s ` +
        `(join ${Math.round(portIn.joinMs)} / ${Math.round(plainIn.joinMs)} ms)`,
    );
    return {
      producePort: produced[0]!,
      producePlain: produced[1]!,
      producePortSmall: producedSmall[0]!,
      producePlainSmall: producedSmall[1]!,
      consumePort: portIn,
      consumePlain: plainIn,
    };
  } finally {
    await admin.disconnect();
    await dropKafkaScratch(endpoints, { topics: [portTopic, plainTopic, ...smallTopics], groups }, log);
  }
}

export const kafkaSection: BenchSection = {
  name: 'kafka',
  description: 'produce/consume of 1 KB records: Kafka port (kafkajs) vs plain kafkajs, same settings',
  async run(options): Promise<SectionResult> {
    const endpoints = await benchEndpoints();
    const records = options.sizes.kafkaRecords;
    options.log(
      `kafka: ${records} records of ${RECORD_BYTES} B per pass, ${options.rounds} rounds, brokers ${endpoints.kafkaBrokers} (${endpoints.origin})`,
    );
    const rounds = [];
    for (let r = 0; r < options.rounds; r++)
      rounds.push(await round(endpoints, records, r % 2 === 0, options.log, r + 1));
    const f = (n: number) => Math.round(n);
    const produce = median(rounds.map((x) => x.producePort));
    const consume = median(rounds.map((x) => x.consumePort.recordsPerSec));
    const baselineProduce = median(rounds.map((x) => x.producePlain));
    const baselineConsume = median(rounds.map((x) => x.consumePlain.recordsPerSec));
    const produceSmall = median(rounds.map((x) => x.producePortSmall));
    const baselineProduceSmall = median(rounds.map((x) => x.producePlainSmall));
    const mbPerSec = (n: number) => ((n * RECORD_BYTES) / 1e6).toFixed(1);
    return {
      rows: [
        { label: 'records per pass', value: records },
        { label: 'record size', value: RECORD_BYTES, unit: 'B' },
        { label: 'topic partitions', value: PARTITIONS },
        { label: 'records per send', value: RECORDS_PER_SEND },
        { label: 'produce, port', value: f(produce), unit: `rec/s (${mbPerSec(produce)} MB/s)` },
        {
          label: 'produce, plain kafkajs',
          value: f(baselineProduce),
          unit: `rec/s (${mbPerSec(baselineProduce)} MB/s)`,
        },
        { label: 'produce port / plain', value: (produce / baselineProduce).toFixed(2), unit: '×' },
        { label: `produce, port, ${RECORDS_PER_SEND_SMALL} per send`, value: f(produceSmall), unit: 'rec/s' },
        {
          label: `produce, plain kafkajs, ${RECORDS_PER_SEND_SMALL} per send`,
          value: f(baselineProduceSmall),
          unit: 'rec/s',
        },
        {
          label: `produce port / plain, ${RECORDS_PER_SEND_SMALL} per send`,
          value: (produceSmall / baselineProduceSmall).toFixed(2),
          unit: '×',
        },
        { label: 'consume, port', value: f(consume), unit: `rec/s (${mbPerSec(consume)} MB/s)` },
        {
          label: 'consume, plain kafkajs',
          value: f(baselineConsume),
          unit: `rec/s (${mbPerSec(baselineConsume)} MB/s)`,
        },
        { label: 'consume port / plain', value: (consume / baselineConsume).toFixed(2), unit: '×' },
        {
          label: 'group join to first batch, port',
          value: f(median(rounds.map((x) => x.consumePort.joinMs))),
          unit: 'ms',
        },
        { label: 'note', value: '@platformatic/kafka is not installed: not measured' },
      ],
      metrics: {
        records,
        recordBytes: RECORD_BYTES,
        produceRecordsPerSec: f(produce),
        consumeRecordsPerSec: f(consume),
        baselineProduceRecordsPerSec: f(baselineProduce),
        baselineConsumeRecordsPerSec: f(baselineConsume),
        produceSmallSendsRecordsPerSec: f(produceSmall),
        baselineProduceSmallSendsRecordsPerSec: f(baselineProduceSmall),
        platformaticKafka: 'not installed',
      },
    };
  },
};
