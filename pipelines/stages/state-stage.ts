import type pg from 'pg';
import type { ClickHouseSink } from '../../connectors/clickhouse/index.js';
import {
  alertRow,
  exposureSnapshotRow,
  trancheSnapshotRow,
  type ClickHouseRecord,
} from '../../connectors/clickhouse/index.js';
import { deadLetterRecord } from '../../connectors/kafka/dead-letter.js';
import type { IncomingBatch, KafkaPort, OutgoingRecord } from '../../connectors/kafka/port.js';
import { PostgresOffsetStore } from '../../connectors/postgres/offset-store.js';
import {
  changedPolicies,
  insertEvents,
  upsertAlerts,
  upsertContractStates,
  upsertPolicies,
  upsertProductExposure,
  upsertTrancheState,
  writeContractEntries,
} from '../../connectors/postgres/state-writer.js';
import type { ContractMap } from '../../schemas/contracts/contract-map.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { eventFromJson } from '../../schemas/events/event-json.js';
import type { ReferenceData } from '../../schemas/reference/index.js';
import type { Alert } from '../../schemas/state/alert.js';
import type { StageContext } from '../runtime/context.js';
import { errorClass } from '../runtime/errors.js';
import { phaseClock } from '../runtime/metrics.js';
import { retry } from '../runtime/retry.js';
import { BatchCoalescer } from './batch-coalescer.js';
import { StateProcessor, type StateOutputs } from './state-processor.js';

export const STATE_STAGE = 'state';
/** Partitions whose batches one transaction may take together (more than a topic has is harmless). */
const PARTITIONS_AT_ONCE = 64;

export interface StateStageOptions {
  kafka: KafkaPort;
  pool: pg.Pool;
  reference: ReferenceData;
  contracts?: ContractMap;
  /** Snapshot and alert history; optional (PostgreSQL alone is enough for current state). */
  clickhouse?: ClickHouseSink;
  groupId?: string;
  topics?: { events: string; alerts: string; dlq: string };
  windows?: string[];
  allowedLatenessSeconds?: number;
  /** How long past its end an emitted window takes late events (default one day of event time). */
  windowRetentionSeconds?: number;
  /** Called after every committed batch (progress displays, tests). */
  onCommitted?: (info: {
    /** Next offset per events partition, committed with the state. */
    offsets: { partition: number; nextOffset: string }[];
    applied: number;
    outputs: StateOutputs;
  }) => void;
}

/** An event from Kafka, with its enrichment kept (the exposure operators read the product key from it). */
function parseEventRecord(text: string): CanonicalEvent {
  return eventFromJson(JSON.parse(text));
}

function alertHistoryRow(a: Alert): ClickHouseRecord {
  return {
    table: 'alerts_history',
    row: alertRow({
      alertId: a.alertId,
      type: a.rule,
      severity: a.severity,
      subject: a.subject.id,
      state: a.state,
      value: a.value,
      threshold: a.threshold,
      message: a.message,
      at: a.state === 'open' ? a.openedAt : (a.resolvedAt ?? a.openedAt),
      atLt: a.lt,
      version: a.state === 'open' ? 1 : 2,
    }),
  };
}

/**
 * Rebuilds the processor's state (contract states, timers, open windows, open alerts) by replaying every applied
 * event from the audit table in chain order. Derived events (expiries) are re-derived, not replayed.
 */
export async function rebuildProcessor(
  pool: pg.Pool,
  make: () => StateProcessor,
): Promise<{ processor: StateProcessor; replayed: number }> {
  const processor = make();
  const client = await pool.connect();
  let replayed = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(
      `DECLARE replay NO SCROLL CURSOR FOR SELECT data FROM events WHERE event_index >= 0 ORDER BY utime, state_owner, lt, event_index`,
    );
    for (;;) {
      const { rows } = await client.query('FETCH 5000 FROM replay');
      if (!rows.length) break;
      processor.process(rows.map((r) => eventFromJson(r.data)));
      replayed += rows.length;
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return { processor, replayed };
}

/**
 * The state stage: tonsurance.events.v1 → per-contract state, policies, exposure, tranche metrics, windows and
 * alerts. Each batch's state changes, window outputs and the Kafka offsets it consumed commit in ONE PostgreSQL
 * transaction; the stage seeks to the stored offsets on start and on every assignment, and an event id already in
 * the audit table is never applied again — so replays, restarts and rebalances leave state identical.
 * ClickHouse rows and alert records are written after the commit (at least once, idempotent by version / id).
 */
export async function runStateStage(ctx: StageContext, opts: StateStageOptions) {
  const topics = opts.topics ?? {
    events: ctx.config.kafka.topics.events,
    alerts: ctx.config.kafka.topics.alerts,
    dlq: ctx.config.kafka.topics.rawDlq,
  };
  const groupId = opts.groupId ?? `${ctx.config.namespace}-state`;
  const offsets = new PostgresOffsetStore(groupId);
  const make = () =>
    new StateProcessor({
      contracts: opts.contracts,
      reference: opts.reference,
      windows: opts.windows ?? ['1m', '1h', '1d'],
      allowedLatenessSeconds: opts.allowedLatenessSeconds ?? 60,
      windowRetentionSeconds: opts.windowRetentionSeconds,
    });
  const rebuilt = await rebuildProcessor(opts.pool, make);
  let processor = rebuilt.processor;
  ctx.logger.info({ replayed: rebuilt.replayed }, 'state rebuilt from the audit log');

  const producer = opts.kafka.producer();
  await producer.connect();
  const consumer = opts.kafka.consumer({ groupId });
  await consumer.connect();
  ctx.shutdown.onShutdown('state producer', () => producer.disconnect());
  ctx.shutdown.onShutdown('state consumer', () => consumer.disconnect());

  /** The partitions' batches fetched together, applied and committed in one transaction. */
  const handleBatches = async (batches: readonly IncomingBatch[]) => {
    const started = performance.now();
    const lap = phaseClock(ctx.metrics, STATE_STAGE);
    const events: CanonicalEvent[] = [];
    /** Each event's JSON as it arrived: the audit table stores it as is. */
    const texts: string[] = [];
    const dead: OutgoingRecord[] = [];
    const records = batches.flatMap((b) => b.records);
    for (const r of records) {
      try {
        const text = (r.value ?? Buffer.alloc(0)).toString('utf8');
        events.push(parseEventRecord(text));
        texts.push(text);
      } catch (error) {
        const position = `${r.topic}/${r.partition}@${r.offset}`;
        ctx.logger.warn({ position, err: error }, 'event record sent to the dead-letter topic');
        ctx.metrics.errors.inc({ stage: STATE_STAGE, class: errorClass(error) });
        dead.push(
          deadLetterRecord({
            stage: STATE_STAGE,
            original: r.value ?? Buffer.alloc(0),
            key: r.key,
            position,
            error,
            headers: r.headers,
          }),
        );
      }
    }
    const committed = batches.map((b) => ({
      topic: b.topic,
      partition: b.partition,
      offset: (BigInt(b.records[b.records.length - 1]!.offset) + 1n).toString(),
    }));
    lap('parse');
    const client = await opts.pool.connect();
    let outputs: StateOutputs;
    try {
      await client.query('BEGIN');
      const fresh = await insertEvents(client, events, texts);
      lap('insert-events');
      outputs = processor.process(events.filter((e) => fresh.has(e.eventId)));
      lap('process');
      await insertEvents(client, outputs.derived);
      const expired = new Set(
        outputs.derived.map((e) => `${e.stateOwner}:${String((e.data as { policyId?: bigint }).policyId)}`),
      );
      await upsertContractStates(client, outputs.changes);
      await writeContractEntries(client, outputs.changes);
      lap('upsert-contract-state');
      await upsertPolicies(client, changedPolicies(outputs.changes, expired));
      lap('upsert-policies');
      await upsertProductExposure(client, outputs.exposure);
      await upsertTrancheState(client, outputs.tranches);
      await upsertAlerts(client, outputs.alerts);
      await offsets.save(client, committed);
      lap('upsert-other');
      await client.query('COMMIT');
      lap('commit');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      // The processor may hold effects of the rolled-back batch: rebuild it from what is committed.
      ({ processor } = await rebuildProcessor(opts.pool, make));
      throw err;
    } finally {
      client.release();
    }
    // After the commit: alerts and dead letters to Kafka, history rows to ClickHouse (both idempotent on retry).
    const alertRecords: OutgoingRecord[] = outputs.alerts.map((a) => ({
      key: a.subject.id,
      value: JSON.stringify(a),
      headers: { 'alert-state': a.state },
    }));
    await retry(
      () =>
        producer.sendMany([
          { topic: topics.alerts, records: alertRecords },
          { topic: topics.dlq, records: dead },
        ]),
      { /* not the shutdown signal: the batch is committed, its alerts must still go out */ retries: 8 },
    );
    lap('produce-alerts');
    if (opts.clickhouse) {
      // A row ClickHouse cannot hold is logged and skipped: history must never stop current state.
      const rows: ClickHouseRecord[] = [];
      const add = (make: () => ClickHouseRecord) => {
        try {
          rows.push(make());
        } catch (err) {
          ctx.metrics.errors.inc({ stage: STATE_STAGE, class: errorClass(err) });
          ctx.logger.error({ err }, 'history row not written to ClickHouse');
        }
      };
      for (const r of outputs.trancheRows)
        add(() => ({ table: 'tranche_snapshots', row: trancheSnapshotRow(r) }));
      for (const r of outputs.exposureRows)
        add(() => ({ table: 'exposure_snapshots', row: exposureSnapshotRow(r) }));
      for (const a of outputs.alerts) add(() => alertHistoryRow(a));
      if (rows.length) await opts.clickhouse.writeBatch(rows);
      lap('clickhouse');
    }
    for (const a of outputs.alerts) ctx.metrics.alerts.inc({ rule: a.rule, state: a.state });
    for (const [window, n] of Object.entries(outputs.droppedLate)) {
      ctx.metrics.windowDropped.inc({ stage: STATE_STAGE, window }, n);
      ctx.logger.warn(
        { window, observations: n },
        'observations too late for their window (dropped after retention)',
      );
    }
    ctx.metrics.recordsIn.inc({ stage: STATE_STAGE }, records.length);
    ctx.metrics.recordsOut.inc({ stage: STATE_STAGE, topic: topics.alerts }, alertRecords.length);
    ctx.metrics.dlq.inc({ stage: STATE_STAGE }, dead.length);
    ctx.metrics.batchSize.observe({ stage: STATE_STAGE }, records.length);
    ctx.metrics.batchSeconds.observe({ stage: STATE_STAGE }, (performance.now() - started) / 1000);
    for (const [i, b] of batches.entries())
      ctx.metrics.consumerLag.set(
        { stage: STATE_STAGE, topic: b.topic, partition: String(b.partition) },
        Number(BigInt(b.highWatermark) - BigInt(committed[i]!.offset)),
      );
    ctx.logger.debug(
      {
        partitions: committed.map((c) => `${c.partition}@${c.offset}`).join(','),
        records: records.length,
        applied: outputs.events.length,
        ms: Math.round(performance.now() - started),
      },
      'state batch committed',
    );
    opts.onCommitted?.({
      offsets: committed.map((c) => ({ partition: c.partition, nextOffset: c.offset })),
      applied: outputs.events.length,
      outputs,
    });
  };

  const coalescer = new BatchCoalescer(handleBatches);
  await consumer.run({
    topics: [topics.events],
    // PostgreSQL is the truth: a partition it has no offset for has had nothing applied, so it starts at the
    // beginning (already-applied events are then skipped by their ids).
    onAssigned: async (assigned) => {
      const stored = await offsets.load(opts.pool, topics.events);
      return assigned
        .filter((a) => a.topic === topics.events)
        .map(
          (a) =>
            stored.find((s) => s.partition === a.partition) ?? {
              topic: a.topic,
              partition: a.partition,
              offset: '0',
            },
        );
    },
    // All partitions at once: their batches are applied together (see BatchCoalescer).
    partitionsConcurrently: PARTITIONS_AT_ONCE,
    eachBatch: async (batch, control) => {
      if (!batch.records.length) return;
      await coalescer.submit(batch);
      // Also tell Kafka (monitoring tools read group offsets); the PostgreSQL copy is the one the stage trusts.
      await control.commit([
        {
          topic: batch.topic,
          partition: batch.partition,
          offset: (BigInt(batch.records[batch.records.length - 1]!.offset) + 1n).toString(),
        },
      ]);
      await control.heartbeat();
    },
  });
  return { consumer, producer, processor: () => processor };
}
