/**
 * Kafka section: produce and consume rate of 1 KB records through three paths with the same client settings
 * (idempotent producer, one request in flight, acks=all, 4 MB per partition fetches):
 * - the Kafka port with kafkajs behind it (`createKafkajsPort`),
 * - plain kafkajs, so the difference to the first is what the port itself costs,
 * - the Kafka port with @platformatic/kafka behind it (`loadPlatformaticPort`), for comparison of the clients.
 *   Skipped, with a note, when that devDependency is not installed.
 *
 * Each round produces `kafkaRecords` records to a fresh 4-partition topic per path, in sends of 500 records
 * (~0.5 MB), and again in sends of 400 (which fit in one of the ports' 512 KB requests; 500 do not), then reads
 * the 500-per-send topics back with a fresh consumer group each. Consume rate is taken from the first fetched
 * batch to the last record (group join is reported apart). The order of the paths rotates from round to round;
 * the median per path is reported.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Partitioners, type Kafka } from 'kafkajs';
import { createKafkajsPort, loadPlatformaticPort } from '../../connectors/kafka/index.js';
import type { KafkaPort, OutgoingRecord } from '../../connectors/kafka/index.js';
import type { Endpoints } from '../setup/endpoints.js';
import {
  median,
  type BenchOptions,
  type BenchRow,
  type BenchSection,
  type SectionResult,
} from './section.js';
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

/** Installed @platformatic/kafka version, or null when it is not installed. */
function platformaticVersion(): string | null {
  try {
    // The package exports only its entry point, so its package.json is read from beside it.
    const entry = createRequire(import.meta.url).resolve('@platformatic/kafka');
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return null;
  }
}

/** The paths measured, in index order; `plt` only with @platformatic/kafka installed. */
const PATHS = ['port', 'plain', 'plt'] as const;
type PathName = (typeof PATHS)[number];

interface RoundResult {
  produce: Partial<Record<PathName, number>>;
  produceSmall: Partial<Record<PathName, number>>;
  consume: Partial<Record<PathName, ConsumeTiming>>;
}

async function round(
  endpoints: Endpoints,
  records: number,
  paths: readonly PathName[],
  log: BenchOptions['log'],
  r: number,
): Promise<RoundResult> {
  const id = scratchName('bench_kafka');
  const topicOf = (p: PathName) => `${id}.${p}`;
  const smallTopicOf = (p: PathName) => `${id}.${p}400`;
  const groupOf = (p: PathName) => `${id}-${p}`;
  const topics = paths.flatMap((p) => [topicOf(p), smallTopicOf(p)]);
  const groups = paths.map(groupOf);
  const port = createKafkajsPort({ brokers: brokerList(endpoints), clientId: `${id}-port` });
  const plt = paths.includes('plt')
    ? await loadPlatformaticPort({ brokers: brokerList(endpoints), clientId: `${id}-plt` })
    : null;
  const kafka = plainKafka(endpoints, `${id}-plain`);
  const admin = port.admin();
  await admin.connect();
  try {
    await admin.ensureTopics(topics.map((topic) => ({ topic, partitions: PARTITIONS })));
    const produce = (p: PathName, topic: string, perSend: number) =>
      p === 'plain'
        ? producePlain(kafka, topic, records, perSend)
        : producePort(p === 'plt' ? plt! : port, topic, records, perSend);
    const consume = (p: PathName) =>
      p === 'plain'
        ? consumePlain(kafka, topicOf(p), groupOf(p), records)
        : consumePort(p === 'plt' ? plt! : port, topicOf(p), groupOf(p), records);
    // Rotates the order, so no path always runs first (or last) on a warm broker.
    const order = paths.map((_, i) => paths[(i + r - 1) % paths.length]!);
    const result: RoundResult = { produce: {}, produceSmall: {}, consume: {} };
    for (const p of order) result.produce[p] = await produce(p, topicOf(p), RECORDS_PER_SEND);
    for (const p of order) result.produceSmall[p] = await produce(p, smallTopicOf(p), RECORDS_PER_SEND_SMALL);
    for (const p of order) result.consume[p] = await consume(p);
    const all = (f: (p: PathName) => number) => paths.map((p) => Math.round(f(p))).join(' / ');
    log(
      `  round ${r} (${paths.join(' / ')}): produce ${all((p) => result.produce[p]!)} rec/s ` +
        `(${RECORDS_PER_SEND_SMALL} per send: ${all((p) => result.produceSmall[p]!)}); ` +
        `consume ${all((p) => result.consume[p]!.recordsPerSec)} rec/s ` +
        `(join ${all((p) => result.consume[p]!.joinMs)} ms)`,
    );
    return result;
  } finally {
    await admin.disconnect();
    await dropKafkaScratch(endpoints, { topics, groups }, log);
  }
}

export const kafkaSection: BenchSection = {
  name: 'kafka',
  description:
    'produce/consume of 1 KB records: Kafka port (kafkajs) vs plain kafkajs vs the @platformatic/kafka port, same settings',
  async run(options): Promise<SectionResult> {
    const endpoints = await benchEndpoints();
    const records = options.sizes.kafkaRecords;
    const pltVersion = platformaticVersion();
    const paths: PathName[] = pltVersion ? [...PATHS] : ['port', 'plain'];
    options.log(
      `kafka: ${records} records of ${RECORD_BYTES} B per pass, ${options.rounds} rounds, brokers ${endpoints.kafkaBrokers} (${endpoints.origin})` +
        (pltVersion ? `, @platformatic/kafka ${pltVersion}` : ''),
    );
    const rounds: RoundResult[] = [];
    for (let r = 0; r < options.rounds; r++)
      rounds.push(await round(endpoints, records, paths, options.log, r + 1));
    const f = (n: number) => Math.round(n);
    const produceOf = (p: PathName) => median(rounds.map((x) => x.produce[p]!));
    const produceSmallOf = (p: PathName) => median(rounds.map((x) => x.produceSmall[p]!));
    const consumeOf = (p: PathName) => median(rounds.map((x) => x.consume[p]!.recordsPerSec));
    const joinOf = (p: PathName) => median(rounds.map((x) => x.consume[p]!.joinMs));
    const produce = produceOf('port');
    const consume = consumeOf('port');
    const baselineProduce = produceOf('plain');
    const baselineConsume = consumeOf('plain');
    const produceSmall = produceSmallOf('port');
    const baselineProduceSmall = produceSmallOf('plain');
    const mbPerSec = (n: number) => ((n * RECORD_BYTES) / 1e6).toFixed(1);
    const pltRows: BenchRow[] = [];
    const pltMetrics: SectionResult['metrics'] = {};
    if (pltVersion) {
      const pltProduce = produceOf('plt');
      const pltProduceSmall = produceSmallOf('plt');
      const pltConsume = consumeOf('plt');
      pltRows.push(
        {
          label: 'produce, @platformatic/kafka port',
          value: f(pltProduce),
          unit: `rec/s (${mbPerSec(pltProduce)} MB/s)`,
        },
        {
          label: 'produce @platformatic / kafkajs port',
          value: (pltProduce / produce).toFixed(2),
          unit: '×',
        },
        {
          label: `produce, @platformatic/kafka port, ${RECORDS_PER_SEND_SMALL} per send`,
          value: f(pltProduceSmall),
          unit: 'rec/s',
        },
        {
          label: 'consume, @platformatic/kafka port',
          value: f(pltConsume),
          unit: `rec/s (${mbPerSec(pltConsume)} MB/s)`,
        },
        {
          label: 'consume @platformatic / kafkajs port',
          value: (pltConsume / consume).toFixed(2),
          unit: '×',
        },
        { label: 'group join to first batch, @platformatic/kafka port', value: f(joinOf('plt')), unit: 'ms' },
      );
      Object.assign(pltMetrics, {
        platformaticProducePerSec: f(pltProduce),
        platformaticProduceSmallSendsPerSec: f(pltProduceSmall),
        platformaticConsumePerSec: f(pltConsume),
        platformaticJoinMs: f(joinOf('plt')),
      });
    } else {
      pltRows.push({ label: 'note', value: '@platformatic/kafka is not installed: not measured' });
    }
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
        { label: 'group join to first batch, port', value: f(joinOf('port')), unit: 'ms' },
        ...pltRows,
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
        platformaticKafka: pltVersion ?? 'not installed',
        ...pltMetrics,
      },
    };
  },
};
