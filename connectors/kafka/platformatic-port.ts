/**
 * @platformatic/kafka (1.35.x, the last line that supports Node 20) behind the Kafka port, for comparison with
 * the kafkajs port (`createKafkajsPort`); both give stages the same semantics:
 *
 * - Producer: idempotent by default (acks=all, one request in flight per broker, retries without limit), keys
 *   partitioned with the Java/kafkajs murmur2 partitioner (`compatibilityPartitioner`), so a key lands on the
 *   same partition whichever port produced it. Sends are cut into requests of at most `maxRequestBytes` like
 *   the kafkajs port does, and resolve once every request is acknowledged.
 * - Consumer: the library's message stream in `committed` mode (falling back to earliest or latest), without
 *   autocommit. Records are regrouped into per-partition batches in offset order and handed to `eachBatch` one
 *   batch at a time; offsets are committed only through `control.commit`. `onAssigned` runs after every group
 *   join, before the first fetch of the new generation, and the offsets it returns replace the committed ones.
 *   Heartbeats are sent by the library on a timer, so `control.heartbeat` has nothing to do.
 * - Admin: the library's admin client (topic creation waits for partition leaders, as kafkajs does).
 *
 * The message stream keeps its own fetch positions and does not drop fetches that are in flight when the group
 * rebalances; this port wraps the consumer's `fetch` to discard such responses (and responses to fetches issued
 * before a `seek`), and rewinds a partition to its first undelivered record when it throws buffered records
 * away, so no record is skipped. The wrapped `fetch` also reports each partition's high watermark.
 *
 * Differences from the kafkajs port: a fetch that still fails after `connectRetries` retries, or a batch handler
 * that throws, stops the consumer and leaves the group (kafkajs restarts on retriable errors); a `seek` takes
 * effect once the fetch in flight returns (up to `maxWaitTime`, 5 s, on an idle partition); the group protocol
 * is named `roundrobin`, not kafkajs' `RoundRobinAssigner`, so members of the two clients cannot share a group.
 * Not loaded by the package index (see `loadPlatformaticPort` there): the library is a devDependency.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Admin,
  compatibilityPartitioner,
  Consumer,
  FetchIsolationLevels,
  ListOffsetTimestamps,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  type CallbackWithPromise,
  type FetchOptions,
  type fetchV17,
  type Message,
  type MessagesStream,
  type RetryDelayGetter,
} from '@platformatic/kafka';
import { ConnectionError, errorMessage } from '../../pipelines/runtime/errors.js';
import type { Logger } from '../../pipelines/runtime/logger.js';
import { chunkByBytes } from './kafkajs-port.js';
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

export interface PlatformaticPortOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  connectionTimeoutMs?: number;
  /** Attempts made before a connect fails; keep small so a wrong broker fails fast. */
  connectRetries?: number;
  /** Largest produce request, bytes of keys and values; below the broker's `message.max.bytes`. */
  maxRequestBytes?: number;
  /** Records the consumer's message stream buffers before it stops fetching (the library's default is 1024). */
  consumerHighWaterMark?: number;
}

type Key = string | Buffer | null;
type PlatformaticMessage = Message<Buffer, Buffer, Buffer, Buffer>;
type FetchFn = (
  options: FetchOptions<Buffer, Buffer, Buffer, Buffer>,
  callback: CallbackWithPromise<fetchV17.FetchResponse>,
) => void;

const toBuffer = (v: Key | undefined): Buffer | undefined =>
  v == null ? undefined : typeof v === 'string' ? Buffer.from(v) : v;

/** Exponential backoff like the kafkajs port's: 200 ms doubling up to `max`. */
const backoff =
  (max: number): RetryDelayGetter =>
  (_client, _operation, attempt) =>
    Math.min(max, 200 * 2 ** Math.max(0, attempt - 1));

/** The innermost message of the library's nested `MultipleErrors`, which otherwise say only "X failed". */
function rootMessage(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 8; depth++) {
    const inner = (current as { errors?: unknown[] } | null)?.errors;
    if (!Array.isArray(inner) || inner.length === 0) break;
    current = inner[inner.length - 1];
  }
  const root = errorMessage(current);
  const top = errorMessage(err);
  return root === top ? top : `${top} (${root})`;
}

const tpKey = (topic: string, partition: number) => `${topic}:${partition}`;

function toIncoming(m: PlatformaticMessage): IncomingRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of m.headers) headers[k.toString('utf8')] = v == null ? '' : v.toString('utf8');
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset.toString(),
    key: m.key ?? null,
    value: m.value ?? null,
    headers,
    timestamp: m.timestamp.toString(),
  };
}

/** @platformatic/kafka behind the Kafka port. */
export function createPlatformaticPort(options: PlatformaticPortOptions): KafkaPort {
  const log = options.logger?.child({ component: 'platformatic-kafka' });
  const maxRequestBytes = options.maxRequestBytes ?? 512 * 1024;
  const base = {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    connectTimeout: options.connectionTimeoutMs ?? 5000,
    requestTimeout: 30_000,
  };
  const connectRetries = options.connectRetries ?? 5;

  const wrapConnect = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      throw new ConnectionError(
        `cannot reach Kafka at ${options.brokers.join(',')} (KAFKA_BROKERS) for the ${what}: ${rootMessage(err)}`,
        { brokers: options.brokers.join(',') },
        err,
      );
    }
  };

  /** Reachability check with bounded retries, for clients whose own retries are unbounded. */
  const probe = async () => {
    const admin = new Admin({ ...base, retries: connectRetries, retryDelay: backoff(5000) });
    try {
      await admin.listApis();
    } finally {
      await admin.close().catch(() => undefined);
    }
  };

  return {
    producer(opts = {}): ProducerPort {
      const idempotent = opts.idempotent ?? true;
      const producer = new Producer<Key, Key, string, string>({
        ...base,
        idempotent,
        // The library forces one request in flight, acks=all and unbounded retries for an idempotent producer;
        // a non-idempotent one gets what the kafkajs port gives it (acks=all, five in flight, a few retries).
        acks: ProduceAcks.ALL,
        maxInflights: idempotent ? 1 : 5,
        retries: idempotent ? Number.MAX_SAFE_INTEGER : connectRetries,
        retryDelay: backoff(10_000),
        timeout: 30_000,
        autocreateTopics: false,
        partitioner: compatibilityPartitioner,
        ...(opts.transactionalId ? { transactionalId: opts.transactionalId } : {}),
        serializers: {
          key: (v) => toBuffer(v),
          value: (v) => toBuffer(v),
          headerKey: (v) => toBuffer(v),
          headerValue: (v) => toBuffer(v),
        },
      });
      const sendChunks = async (batches: { topic: string; records: OutgoingRecord[] }[]) => {
        // Chunks go out one after another, so per-key order holds across them.
        for (const chunk of chunkByBytes(batches, maxRequestBytes)) {
          await producer.send({
            messages: chunk.flatMap((b) =>
              b.records.map((r) => ({
                topic: b.topic,
                key: r.key,
                value: r.value,
                ...(r.headers ? { headers: r.headers } : {}),
                ...(r.partition !== undefined ? { partition: r.partition } : {}),
              })),
            ),
          });
        }
      };
      return {
        connect: () =>
          wrapConnect('producer', async () => {
            await probe();
            // Gets the producer id now (as kafkajs does on connect) rather than on the first send.
            if (idempotent) await producer.initIdempotentProducer({});
          }),
        send: (topic, records) => sendChunks([{ topic, records }]),
        sendMany: (batches) => sendChunks(batches),
        // No producer streams are ever opened, so a plain close does not wait for anything.
        disconnect: () => producer.close(),
      };
    },

    consumer(opts): ConsumerPort {
      const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
        ...base,
        groupId: opts.groupId,
        sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
        rebalanceTimeout: Math.max(60_000, opts.sessionTimeoutMs ?? 30_000),
        heartbeatInterval: 3000,
        maxBytesPerPartition: opts.maxBytesPerPartition ?? 4 * 1024 * 1024,
        maxBytes: 10 * 1024 * 1024,
        maxWaitTime: 5000,
        isolationLevel: FetchIsolationLevels.READ_COMMITTED,
        autocommit: false,
        retries: connectRetries,
        retryDelay: backoff(5000),
        ...(options.consumerHighWaterMark ? { highWaterMark: options.consumerHighWaterMark } : {}),
      });
      const inBatch = new AsyncLocalStorage<boolean>();
      let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;
      let running = false;
      let loopDone: Promise<void> = Promise.resolve();
      /** Group joins seen; a batch read in an older generation is stale. */
      let generation = 0;
      /** Bumped on every join and seek: fetch responses to requests issued before are thrown away. */
      let epoch = 0;
      let joinPending = false;
      /** The latest `onAssigned` call; only it may resume the stream. */
      let assignCall = 0;
      /** Records read from the stream but not handed out yet, per partition in offset order. */
      const pending = new Map<string, PlatformaticMessage[]>();
      const highWatermarks = new Map<string, bigint>();
      const topicNames = new Map<string, string>();
      /** Seeks asked for before the stream had its positions; applied when it has them. */
      const earlySeeks = new Map<string, bigint>();
      let wake: (() => void) | null = null;

      // Wraps fetch: the stream calls `consumer.fetch` for every request it makes.
      const originalFetch = consumer.fetch.bind(consumer) as FetchFn;
      const wrappedFetch: FetchFn = (fetchOptions, callback) => {
        const issuedAt = epoch;
        originalFetch(fetchOptions, (error, response) => {
          if (!error && response) {
            for (const topic of response.responses) {
              let name = topicNames.get(topic.topicId);
              if (name === undefined) {
                for (const [n, t] of consumer.currentMetadata?.topics ?? []) topicNames.set(t.id, n);
                name = topicNames.get(topic.topicId);
              }
              for (const p of topic.partitions) {
                // Stale: the stream would advance its position past records nobody will see.
                if (issuedAt !== epoch) p.records = undefined;
                else if (name !== undefined)
                  highWatermarks.set(tpKey(name, p.partitionIndex), p.highWatermark);
              }
            }
          }
          callback(error, response);
        });
      };
      (consumer as unknown as { fetch: FetchFn }).fetch = wrappedFetch;

      consumer.on('consumer:group:join', () => {
        generation++;
        epoch++;
        joinPending = true;
      });

      /** Moves every buffered record into `pending`. */
      const drain = () => {
        if (!stream) return;
        for (let m = stream.read() as PlatformaticMessage | null; m !== null; m = stream.read()) {
          const key = tpKey(m.topic, m.partition);
          const list = pending.get(key);
          if (list) list.push(m);
          else pending.set(key, [m]);
        }
      };

      /**
       * Throws away undelivered records (of one partition, or all), rewinding the stream's position for that
       * partition to the first of them when it is further on (it is when the group has no committed offset).
       */
      const discard = (only?: string) => {
        drain();
        const positions = stream?.offsetsToFetch;
        for (const [key, list] of pending) {
          if (only !== undefined && key !== only) continue;
          const first = list[0];
          const position = positions?.get(key);
          if (first && positions && (position === undefined || position > first.offset))
            positions.set(key, first.offset);
          pending.delete(key);
        }
      };

      const onOffsets = (runOpts: ConsumeOptions) => {
        if (!stream) return;
        const positions = stream.offsetsToFetch;
        if (!joinPending) return;
        joinPending = false;
        epoch++;
        discard();
        for (const [key, offset] of earlySeeks) positions.set(key, offset);
        earlySeeks.clear();
        if (!runOpts.onAssigned) return;
        const assigned = (consumer.assignments ?? []).flatMap((a) =>
          a.partitions.map((partition) => ({ topic: a.topic, partition })),
        );
        const joinedIn = generation;
        const call = ++assignCall;
        const s = stream;
        // The stream fetches right after this event unless paused; it resumes once the offsets are known.
        s.pause();
        runOpts
          .onAssigned(assigned)
          .then(
            (seekTo) => {
              if (joinedIn !== generation) return;
              for (const p of seekTo ?? []) positions.set(tpKey(p.topic, p.partition), BigInt(p.offset));
            },
            (err: unknown) => log?.error({ err }, 'partition assignment handler failed'),
          )
          .finally(() => {
            if (call === assignCall && !s.destroyed) s.resume();
          });
      };

      /**
       * Stops consuming after a failure and leaves the group, so other members take the partitions over (kafkajs
       * does the same when its consumer crashes); `disconnect` is still the caller's to call.
       */
      const stop = (err: unknown, why: string) => {
        if (!running) return;
        running = false;
        log?.error({ err }, why);
        wake?.();
        consumer.close(true, (closeErr) => {
          if (closeErr) log?.warn({ err: closeErr }, 'leaving the consumer group failed');
        });
      };

      const loop = async (runOpts: ConsumeOptions) => {
        while (running) {
          drain();
          const first = pending.entries().next();
          if (first.done) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = null;
            continue;
          }
          const [key, messages] = first.value;
          pending.delete(key);
          const head = messages[0]!;
          const last = messages[messages.length - 1]!;
          const batchGeneration = generation;
          const records = messages.map(toIncoming);
          const isRunning = () => running && batchGeneration === generation && !!stream && !stream.destroyed;
          try {
            await inBatch.run(true, () =>
              runOpts.eachBatch(
                {
                  topic: head.topic,
                  partition: head.partition,
                  records,
                  highWatermark: (highWatermarks.get(key) ?? last.offset + 1n).toString(),
                },
                {
                  commit: (offsets: TopicPartitionOffset[]) =>
                    consumer.commit({
                      offsets: offsets.map((o) => ({
                        topic: o.topic,
                        partition: o.partition,
                        offset: BigInt(o.offset),
                        leaderEpoch: -1,
                      })),
                    }),
                  heartbeat: async () => {},
                  isRunning,
                },
              ),
            );
          } catch (err) {
            stop(err, `batch handler failed on ${key}; consumer stops`);
          }
        }
      };

      return {
        connect: () =>
          wrapConnect(`consumer group ${opts.groupId}`, async () => {
            await consumer.listApis();
          }),
        async run(runOpts: ConsumeOptions) {
          if (running) throw new Error('consumer is already running');
          const s = await consumer.consume({
            topics: runOpts.topics,
            mode: MessagesStreamModes.COMMITTED,
            fallbackMode:
              (runOpts.fromBeginning ?? true)
                ? MessagesStreamFallbackModes.EARLIEST
                : MessagesStreamFallbackModes.LATEST,
          });
          stream = s;
          running = true;
          s.on('offsets', () => onOffsets(runOpts));
          s.on('readable', () => wake?.());
          s.on('error', (err) => stop(err, 'consumer stream failed; consumer stops'));
          s.on('close', () => {
            running = false;
            wake?.();
          });
          loopDone = loop(runOpts);
        },
        seek(position) {
          const key = tpKey(position.topic, position.partition);
          const offset = BigInt(position.offset);
          if (!stream || joinPending) {
            earlySeeks.set(key, offset);
            return;
          }
          epoch++;
          stream.offsetsToFetch.set(key, offset);
          discard(key);
          // `discard` may have rewound it to the first buffered record.
          stream.offsetsToFetch.set(key, offset);
        },
        async disconnect() {
          running = false;
          wake?.();
          await stream?.close().catch(() => undefined);
          // Called from inside a batch, waiting for the loop would wait for itself.
          if (!inBatch.getStore()) await loopDone;
          // Forced: closes any stream still open before leaving the group.
          await new Promise<void>((resolve, reject) =>
            consumer.close(true, (err) => (err ? reject(err) : resolve())),
          );
        },
      };
    },

    admin(): AdminPort {
      const admin = new Admin({
        ...base,
        retries: connectRetries,
        retryDelay: backoff(5000),
        timeout: 30_000,
      });
      const partitionsOf = async (topic: string): Promise<number[]> => {
        const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
        const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
        return Array.from({ length: count }, (_, i) => i);
      };
      const waitForLeaders = async (topics: string[]) => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          try {
            const metadata = await admin.metadata({ topics, forceUpdate: true });
            const ready = topics.every((t) => {
              const m = metadata.topics.get(t);
              return !!m && m.partitions.length > 0 && m.partitions.every((p) => p && p.leader >= 0);
            });
            if (ready) return;
          } catch (err) {
            if (Date.now() > deadline) throw err;
          }
          if (Date.now() > deadline)
            throw new Error(`no partition leaders for ${topics.join(', ')} after 30 s`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      const listOffsets = async (topic: string, partitions: number[], timestamp: bigint) => {
        const res = await admin.listOffsets({
          topics: [
            { name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) },
          ],
          isolationLevel: FetchIsolationLevels.READ_COMMITTED,
        });
        const out = new Map<number, bigint>();
        for (const t of res) for (const p of t.partitions) out.set(p.partitionIndex, p.offset);
        return out;
      };
      return {
        connect: () => wrapConnect('admin client', () => admin.listApis()),
        async ensureTopics(topics) {
          const existing = new Set(await admin.listTopics());
          const missing = topics.filter((t) => !existing.has(t.topic));
          if (!missing.length) return;
          for (const t of missing) {
            try {
              await admin.createTopics({
                topics: [t.topic],
                partitions: t.partitions ?? 4,
                replicas: t.replicationFactor ?? 1,
                configs: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
              });
            } catch (err) {
              // Created meanwhile by someone else: fine, as with kafkajs.
              if (!(await admin.listTopics()).includes(t.topic)) throw err;
            }
          }
          await waitForLeaders(missing.map((t) => t.topic));
        },
        async topicOffsets(topic) {
          const partitions = await partitionsOf(topic);
          const [high, low] = await Promise.all([
            listOffsets(topic, partitions, ListOffsetTimestamps.LATEST),
            listOffsets(topic, partitions, ListOffsetTimestamps.EARLIEST),
          ]);
          return partitions.map((partition) => ({
            partition,
            high: String(high.get(partition) ?? -1n),
            low: String(low.get(partition) ?? -1n),
          }));
        },
        async committedOffsets(groupId, topic) {
          const partitions = await partitionsOf(topic);
          const res = await admin.listConsumerGroupOffsets({
            groups: [{ groupId, topics: [{ name: topic, partitionIndexes: partitions }] }],
          });
          const committed = new Map<number, bigint>();
          for (const g of res)
            for (const t of g.topics)
              if (t.name === topic)
                for (const p of t.partitions) committed.set(p.partitionIndex, p.committedOffset);
          // Like kafkajs: every partition, -1 where the group has no offset.
          return partitions.map((partition) => ({
            partition,
            offset: String(committed.get(partition) ?? -1n),
          }));
        },
        deleteTopics: (topics) => admin.deleteTopics({ topics }),
        disconnect: () => admin.close(),
      };
    },
  };
}
