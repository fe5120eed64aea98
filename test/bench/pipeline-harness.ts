/**
 * The pipeline in this process, as `tonstream run` wires it (decode stage, state stage with its ClickHouse
 * snapshot sink, ClickHouse events stage), in a fresh namespace: its own topics, consumer groups, PostgreSQL
 * schema and ClickHouse database, all dropped by `close()`. The harness observes the stages only from outside:
 * the Kafka port handed to the decode stage reports each fetched batch, and the state stage's `onCommitted`
 * reports each committed batch.
 */
import type pg from 'pg';
import type { IncomingBatch, KafkaPort, OutgoingRecord } from '../../connectors/kafka/index.js';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import { createPool, migratePostgres } from '../../connectors/postgres/index.js';
import { openClickHouse, startClickHouseStage } from '../../pipelines/commands/stage.js';
import type { StageContext } from '../../pipelines/runtime/context.js';
import { runDecodeStage } from '../../pipelines/stages/decode-stage.js';
import type { StateOutputs } from '../../pipelines/stages/state-processor.js';
import { runStateStage } from '../../pipelines/stages/state-stage.js';
import { ensurePipelineTopics } from '../../pipelines/topics.js';
import type { ContractMap } from '../../schemas/contracts/contract-map.js';
import { encodeRawRecord, type RawTransactionRecord } from '../../schemas/records/raw-transaction.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import type { Endpoints } from '../setup/endpoints.js';
import { testContext } from '../support/context.js';
import {
  brokerList,
  clickHouseClient,
  clickHouseCount,
  dropClickHouseDatabase,
  dropKafkaScratch,
  dropPostgresSchema,
  scratchName,
  sleep,
} from './services.js';

export const PARTITIONS = 4;

export interface CommittedBatch {
  offsets: { partition: number; nextOffset: string }[];
  outputs: StateOutputs;
  /** Date.now() when onCommitted ran. */
  at: number;
}

export interface StageHooks {
  /** A batch the decode stage fetched (raw records), with Date.now() at fetch. */
  onDecodeBatch?: (batch: IncomingBatch, at: number) => void;
  /** A batch the state stage fetched (event records), with Date.now() at fetch. */
  onStateBatch?: (batch: IncomingBatch, at: number) => void;
  onCommitted?: (batch: CommittedBatch) => void;
}

/** The Kafka port with every batch a consumer fetches also reported to `onBatch` (before the stage sees it). */
function observedPort(port: KafkaPort, onBatch: (batch: IncomingBatch) => void): KafkaPort {
  return {
    ...port,
    consumer(options) {
      const consumer = port.consumer(options);
      return {
        ...consumer,
        run: (run) =>
          consumer.run({
            ...run,
            eachBatch: async (batch, control) => {
              if (batch.records.length) onBatch(batch);
              await run.eachBatch(batch, control);
            },
          }),
      };
    },
  };
}

export class PipelineHarness {
  readonly ctx: StageContext;
  readonly kafka: KafkaPort;
  readonly topics: { raw: string; rawDlq: string; events: string; alerts: string };
  /** performance.now() of the decode stage's first fetched batch. */
  firstDecodeBatchAt: number | null = null;
  /** performance.now() of the state stage's latest commit. */
  lastStateCommitAt = 0;
  /** Next offset committed by the state stage, per events partition. */
  readonly stateCommitted = new Map<number, bigint>();
  private readonly admin;
  private readonly groups: string[];
  private started = false;

  private constructor(
    readonly endpoints: Endpoints,
    readonly namespace: string,
  ) {
    this.topics = {
      raw: `${namespace}.ton.transactions.v1`,
      rawDlq: `${namespace}.ton.transactions.v1.dlq`,
      events: `${namespace}.tonsurance.events.v1`,
      alerts: `${namespace}.tonsurance.alerts.v1`,
    };
    this.ctx = testContext({
      namespace,
      kafka: { brokers: endpoints.kafkaBrokers, topics: this.topics, partitions: PARTITIONS },
      postgres: { url: endpoints.databaseUrl },
      clickhouse: { url: endpoints.clickhouseUrl, database: namespace },
    });
    this.kafka = createKafkajsPort({
      brokers: brokerList(endpoints),
      clientId: namespace,
      logger: this.ctx.logger,
    });
    this.admin = this.kafka.admin();
    this.groups = ['decode', 'state', 'clickhouse', 'probe', 'raw-read'].map((g) => `${namespace}-${g}`);
  }

  /** A fresh namespace with its topics; `rawTopicConfig` adds settings to the raw topic (e.g. LogAppendTime). */
  static async create(
    endpoints: Endpoints,
    prefix: string,
    rawTopicConfig: Record<string, string> = {},
  ): Promise<PipelineHarness> {
    const harness = new PipelineHarness(endpoints, scratchName(prefix));
    await harness.admin.connect();
    await harness.admin.ensureTopics([
      { topic: harness.topics.raw, partitions: PARTITIONS, config: rawTopicConfig },
    ]);
    await ensurePipelineTopics(harness.admin, harness.ctx.config);
    return harness;
  }

  /** Produces raw records in sends of `perSend`, the source pipeline's encoding; returns tx/s. */
  async produceRaw(
    records: AsyncIterable<RawTransactionRecord[]>,
  ): Promise<{ transactions: number; txPerSec: number }> {
    const producer = this.kafka.producer();
    await producer.connect();
    let transactions = 0;
    const started = performance.now();
    try {
      for await (const batch of records) {
        await producer.send(
          this.topics.raw,
          batch.map((r): OutgoingRecord => encodeRawRecord(r)),
        );
        transactions += batch.length;
      }
    } finally {
      await producer.disconnect();
    }
    return { transactions, txPerSec: (transactions / (performance.now() - started)) * 1000 };
  }

  /** Starts decode, state (+ ClickHouse snapshots) and the ClickHouse events stage, as `tonstream run` does. */
  async startStages(contracts: ContractMap, hooks: StageHooks = {}): Promise<void> {
    this.started = true;
    const ctx = this.ctx;
    const reference = defaultReferenceData();
    const decodePort = observedPort(this.kafka, (batch) => {
      this.firstDecodeBatchAt ??= performance.now();
      hooks.onDecodeBatch?.(batch, Date.now());
    });
    const statePort = hooks.onStateBatch
      ? observedPort(this.kafka, (batch) => hooks.onStateBatch!(batch, Date.now()))
      : this.kafka;
    await runDecodeStage(ctx, { kafka: decodePort, contracts, reference });
    // startStateStage without its options parsing, plus onCommitted.
    await migratePostgres(ctx.config.postgres.url, ctx.config.namespace);
    const pool = createPool(ctx.config.postgres.url, ctx.config.namespace, 4);
    ctx.shutdown.onShutdown('postgres pool', () => pool.end());
    const clickhouse = await openClickHouse(ctx);
    await runStateStage(ctx, {
      kafka: statePort,
      pool,
      reference,
      clickhouse,
      windows: ['1m', '1h', '1d'],
      allowedLatenessSeconds: 60,
      onCommitted: (info) => {
        this.lastStateCommitAt = performance.now();
        for (const o of info.offsets) this.stateCommitted.set(o.partition, BigInt(o.nextOffset));
        hooks.onCommitted?.({
          offsets: info.offsets,
          outputs: info.outputs,
          at: Date.now(),
        });
      },
    });
    await startClickHouseStage(ctx);
  }

  async rawCommittedByDecode(): Promise<{ done: boolean; consumed: bigint }> {
    const [high, committed] = await Promise.all([
      this.admin.topicOffsets(this.topics.raw),
      this.admin.committedOffsets(`${this.namespace}-decode`, this.topics.raw),
    ]);
    let done = true;
    let consumed = 0n;
    for (const p of high) {
      const c = committed.find((x) => x.partition === p.partition);
      const at = c && BigInt(c.offset) >= 0n ? BigInt(c.offset) : 0n;
      consumed += at - BigInt(p.low);
      if (at < BigInt(p.high)) done = false;
    }
    return { done, consumed };
  }

  /** Records in a topic (all partitions, high − low). */
  async topicRecords(topic: string): Promise<{ total: number; high: Map<number, bigint> }> {
    const offsets = await this.admin.topicOffsets(topic);
    return {
      total: offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0),
      high: new Map(offsets.map((o) => [o.partition, BigInt(o.high)])),
    };
  }

  /**
   * Waits until the decode stage has committed every raw record and the state stage every event the decode
   * stage produced. Fails when neither stage moves for `stallMs`. Returns the number of decoded events.
   */
  async drain(
    log: (line: string) => void,
    stallMs = 120_000,
    stateCommitted: () => Promise<Map<number, bigint>> = async () => this.stateCommitted,
  ): Promise<number> {
    let lastProgress = performance.now();
    let lastSeen = '';
    let lastLog = performance.now();
    for (;;) {
      const decode = await this.rawCommittedByDecode();
      const events = await this.topicRecords(this.topics.events);
      const committed = await stateCommitted();
      const stateAt = [...committed.values()].reduce((n, o) => n + o, 0n);
      if (decode.done) {
        let stateDone = true;
        for (const [partition, high] of events.high)
          if (high > 0n && (committed.get(partition) ?? 0n) < high) stateDone = false;
        if (stateDone) return events.total;
      }
      const seen = `${decode.consumed}/${stateAt}`;
      const now = performance.now();
      if (seen !== lastSeen) {
        lastSeen = seen;
        lastProgress = now;
      } else if (now - lastProgress > stallMs) {
        throw new Error(
          `pipeline stalled for ${stallMs / 1000} s: decode committed ${decode.consumed} raw records, state committed ${stateAt} of ${events.total} events`,
        );
      }
      if (now - lastLog > 10_000) {
        lastLog = now;
        log(`    … decode ${decode.consumed} raw records, state ${stateAt} of ${events.total} events so far`);
      }
      await sleep(100);
    }
  }

  /** Waits until ClickHouse `events` holds `expected` rows (the events stage flushes on its own timer). */
  async waitForClickHouse(expected: number, timeoutMs = 120_000): Promise<number> {
    const client = clickHouseClient(this.endpoints);
    const deadline = performance.now() + timeoutMs;
    try {
      for (;;) {
        const n = await clickHouseCount(client, `SELECT count() AS n FROM ${this.namespace}.events FINAL`);
        if (n >= expected || performance.now() > deadline) return n;
        await sleep(200);
      }
    } finally {
      await client.close();
    }
  }

  /** Next offsets the state stage committed with its data (PostgreSQL `consumer_offsets`), per events partition. */
  async stateCommittedInPostgres(pool: pg.Pool): Promise<Map<number, bigint>> {
    const { rows } = await pool
      .query(
        'SELECT partition, next_offset::text AS o FROM consumer_offsets WHERE consumer_group = $1 AND topic = $2',
        [`${this.namespace}-state`, this.topics.events],
      )
      .catch(() => ({ rows: [] as { partition: number; o: string }[] })); // not migrated yet
    return new Map(rows.map((r) => [Number(r.partition), BigInt(r.o)]));
  }

  async postgresEventCounts(): Promise<{ decoded: number; derived: number }> {
    const pool = createPool(this.endpoints.databaseUrl, this.namespace, 1);
    try {
      const row = (
        await pool.query(
          'SELECT count(*) FILTER (WHERE event_index >= 0)::int AS decoded, count(*) FILTER (WHERE event_index < 0)::int AS derived FROM events',
        )
      ).rows[0];
      return { decoded: row.decoded, derived: row.derived };
    } finally {
      await pool.end();
    }
  }

  /** Per stage: batches handled, records in, and seconds spent inside batch handling (the stages' own metrics). */
  async stageWork(): Promise<Map<string, { batches: number; records: number; busySeconds: number }>> {
    const out = new Map<string, { batches: number; records: number; busySeconds: number }>();
    const entry = (stage: string) =>
      out.get(stage) ?? out.set(stage, { batches: 0, records: 0, busySeconds: 0 }).get(stage)!;
    for (const v of (await this.ctx.metrics.batchSeconds.get()).values) {
      const stage = String(v.labels.stage);
      if (v.metricName?.endsWith('_sum')) entry(stage).busySeconds = v.value;
      if (v.metricName?.endsWith('_count')) entry(stage).batches = v.value;
    }
    for (const v of (await this.ctx.metrics.recordsIn.get()).values)
      entry(String(v.labels.stage)).records = v.value;
    return out;
  }

  /** Seconds per stage and phase of batch handling (`tonstream_phase_seconds_total`). */
  async phaseSeconds(): Promise<{ stage: string; phase: string; seconds: number }[]> {
    return (await this.ctx.metrics.phaseSeconds.get()).values.map((v) => ({
      stage: String(v.labels.stage),
      phase: String(v.labels.phase),
      seconds: v.value,
    }));
  }

  /** Stops the stages and drops everything the namespace created. */
  async close(log: (line: string) => void): Promise<void> {
    if (this.started) await this.ctx.shutdown.shutdown('benchmark done');
    await this.admin.disconnect().catch(() => {});
    await dropKafkaScratch(this.endpoints, { topics: Object.values(this.topics), groups: this.groups }, log);
    await dropPostgresSchema(this.endpoints, this.namespace).catch((err: unknown) =>
      log(`  cleanup: schema not dropped: ${String(err)}`),
    );
    await dropClickHouseDatabase(this.endpoints, this.namespace).catch((err: unknown) =>
      log(`  cleanup: database not dropped: ${String(err)}`),
    );
  }
}
