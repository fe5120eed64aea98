import {
  Kafka,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Consumer,
  type ICustomPartitioner,
  type IHeaders,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { ConnectionError, errorMessage } from '../../pipelines/runtime/errors.js';
import type { Logger } from '../../pipelines/runtime/logger.js';
import type {
  AdminPort,
  ConsumeOptions,
  ConsumerPort,
  IncomingRecord,
  KafkaPort,
  OutgoingRecord,
  ProducerPort,
  TopicPartitionOffset,
} from './port.js';

export interface KafkajsPortOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  connectionTimeoutMs?: number;
  /** Attempts kafkajs makes before a connect fails; keep small so a wrong broker fails fast. */
  connectRetries?: number;
  /** Largest produce request, bytes of keys and values; below the broker's `message.max.bytes`. */
  maxRequestBytes?: number;
}

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? String(v[v.length - 1]) : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

function toMessage(r: OutgoingRecord) {
  return {
    key: r.key,
    value: r.value,
    headers: r.headers,
    partition: r.partition,
  };
}

function sizeOf(v: string | Buffer | null | undefined): number {
  return v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}

/**
 * Splits a send into requests of at most `maxBytes` of keys+values, keeping record order. The broker refuses a
 * record batch above `message.max.bytes` (1 MB by default) as a whole, so a large source batch must be cut.
 */
export function chunkByBytes(
  batches: { topic: string; records: OutgoingRecord[] }[],
  maxBytes: number,
): { topic: string; records: OutgoingRecord[] }[][] {
  const chunks: { topic: string; records: OutgoingRecord[] }[][] = [];
  let current: { topic: string; records: OutgoingRecord[] }[] = [];
  let bytes = 0;
  for (const batch of batches) {
    let part: OutgoingRecord[] = [];
    for (const r of batch.records) {
      const size = sizeOf(r.key) + sizeOf(r.value) + 64;
      if (bytes + size > maxBytes && bytes > 0) {
        if (part.length) current.push({ topic: batch.topic, records: part });
        chunks.push(current);
        current = [];
        part = [];
        bytes = 0;
      }
      part.push(r);
      bytes += size;
    }
    if (part.length) current.push({ topic: batch.topic, records: part });
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * kafkajs's default partitioner (murmur2 of the key, like the Java client, so keyed records land where other
 * clients put them), with each string key's partition remembered: the pipeline's keys are contract addresses,
 * a few hundred distinct values sent millions of times, and hashing each again was a visible share of produce
 * time. The memo is dropped when it reaches `maxKeys`.
 */
export function memoizedKeyPartitioner(maxKeys = 100_000): ICustomPartitioner {
  return () => {
    const fallback = Partitioners.DefaultPartitioner();
    const memo = new Map<string, number>();
    return (args) => {
      const { topic, partitionMetadata, message } = args;
      if (message.partition !== null && message.partition !== undefined) return message.partition;
      if (typeof message.key !== 'string') return fallback(args);
      const memoKey = `${topic}\u0000${partitionMetadata.length}\u0000${message.key}`;
      let partition = memo.get(memoKey);
      if (partition === undefined) {
        partition = fallback(args);
        if (memo.size >= maxKeys) memo.clear();
        memo.set(memoKey, partition);
      }
      return partition;
    };
  };
}

/**
 * Bytes one fetch takes per partition. A stage holds everything derived from a fetch until the batch is done
 * (parsed records, events, their JSON, produce requests), so this bounds its working set: at 4 MB a decode stage
 * working on four partitions kept ~100 MB alive, and the collector's cost under a heap bound grew with it.
 */
export const DEFAULT_MAX_BYTES_PER_PARTITION = 1024 * 1024;

/** kafkajs behind the Kafka port, its logs routed into pino. */
export function createKafkajsPort(options: KafkajsPortOptions): KafkaPort {
  const log = options.logger?.child({ component: 'kafkajs' });
  const maxRequestBytes = options.maxRequestBytes ?? 512 * 1024;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 5000,
    requestTimeout: 30_000,
    retry: { retries: options.connectRetries ?? 5, initialRetryTime: 200, maxRetryTime: 5000 },
    logLevel: KafkaLogLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      if (!log) return;
      const { message, ...extra } = entry.log;
      const level =
        entry.level <= KafkaLogLevel.ERROR ? 'error' : entry.level === KafkaLogLevel.WARN ? 'warn' : 'debug';
      log[level]({ ...extra, namespace: entry.namespace }, message);
    },
  });

  const wrapConnect = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      throw new ConnectionError(
        `cannot reach Kafka at ${options.brokers.join(',')} (KAFKA_BROKERS) for the ${what}: ${errorMessage(err)}`,
        { brokers: options.brokers.join(',') },
        err,
      );
    }
  };

  return {
    producer(opts = {}): ProducerPort {
      const idempotent = opts.idempotent ?? true;
      const producer: Producer = kafka.producer({
        idempotent,
        // kafkajs keeps ordering under retries with an idempotent producer only with one request in flight.
        maxInFlightRequests: idempotent ? 1 : 5,
        allowAutoTopicCreation: false,
        createPartitioner: memoizedKeyPartitioner(),
        transactionalId: opts.transactionalId,
        // The idempotent producer must not give up on its own (kafkajs warns that limited retries void its
        // guarantees); a stuck send is bounded by the caller's shutdown signal instead.
        retry: idempotent
          ? { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 200, maxRetryTime: 10_000 }
          : undefined,
      });
      return {
        connect: () => wrapConnect('producer', () => producer.connect()),
        async send(topic, records) {
          for (const chunk of chunkByBytes([{ topic, records }], maxRequestBytes)) {
            await producer.sendBatch({
              acks: -1,
              topicMessages: chunk.map((b) => ({ topic: b.topic, messages: b.records.map(toMessage) })),
            });
          }
        },
        async sendMany(batches) {
          // Chunks go out one after another, so per-key order holds across them.
          for (const chunk of chunkByBytes(batches, maxRequestBytes)) {
            await producer.sendBatch({
              acks: -1,
              topicMessages: chunk.map((b) => ({ topic: b.topic, messages: b.records.map(toMessage) })),
            });
          }
        },
        disconnect: () => producer.disconnect(),
      };
    },

    consumer(opts): ConsumerPort {
      const consumer: Consumer = kafka.consumer({
        groupId: opts.groupId,
        sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
        maxBytesPerPartition: opts.maxBytesPerPartition ?? DEFAULT_MAX_BYTES_PER_PARTITION,
        allowAutoTopicCreation: false,
      });
      return {
        connect: () => wrapConnect(`consumer group ${opts.groupId}`, () => consumer.connect()),
        async run(runOpts: ConsumeOptions) {
          for (const topic of runOpts.topics)
            await consumer.subscribe({ topic, fromBeginning: runOpts.fromBeginning ?? true });
          if (runOpts.onAssigned) {
            const onAssigned = runOpts.onAssigned;
            consumer.on(consumer.events.GROUP_JOIN, async (event) => {
              const assigned = Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) =>
                (partitions as number[]).map((partition) => ({ topic, partition })),
              );
              try {
                const seekTo = await onAssigned(assigned);
                for (const p of seekTo ?? [])
                  consumer.seek({ topic: p.topic, partition: p.partition, offset: p.offset });
              } catch (err) {
                log?.error({ err }, 'partition assignment handler failed');
              }
            });
          }
          await consumer.run({
            autoCommit: false,
            eachBatchAutoResolve: false,
            partitionsConsumedConcurrently: runOpts.partitionsConcurrently ?? 1,
            eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
              if (!isRunning() || isStale()) return;
              const records: IncomingRecord[] = batch.messages.map((m) => ({
                topic: batch.topic,
                partition: batch.partition,
                offset: m.offset,
                key: m.key ?? null,
                value: m.value ?? null,
                headers: headersOf(m.headers),
                timestamp: m.timestamp,
              }));
              await runOpts.eachBatch(
                {
                  topic: batch.topic,
                  partition: batch.partition,
                  records,
                  highWatermark: batch.highWatermark,
                },
                {
                  commit: (offsets: TopicPartitionOffset[]) => consumer.commitOffsets(offsets),
                  heartbeat,
                  isRunning: () => isRunning() && !isStale(),
                },
              );
              const last = records[records.length - 1];
              if (last) resolveOffset(last.offset);
            },
          });
        },
        seek(position) {
          consumer.seek(position);
        },
        disconnect: () => consumer.disconnect(),
      };
    },

    admin(): AdminPort {
      const admin = kafka.admin();
      return {
        connect: () => wrapConnect('admin client', () => admin.connect()),
        async ensureTopics(topics) {
          const existing = new Set(await admin.listTopics());
          const missing = topics.filter((t) => !existing.has(t.topic));
          if (!missing.length) return;
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((t) => ({
              topic: t.topic,
              numPartitions: t.partitions ?? 4,
              replicationFactor: t.replicationFactor ?? 1,
              configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
            })),
          });
        },
        async topicOffsets(topic) {
          const offsets = await admin.fetchTopicOffsets(topic);
          return offsets.map((o) => ({ partition: o.partition, high: o.high, low: o.low }));
        },
        async committedOffsets(groupId, topic) {
          const res = await admin.fetchOffsets({ groupId, topics: [topic] });
          return (res[0]?.partitions ?? []).map((p) => ({ partition: p.partition, offset: p.offset }));
        },
        deleteTopics: (topics) => admin.deleteTopics({ topics }),
        disconnect: () => admin.disconnect(),
      };
    },
  };
}
