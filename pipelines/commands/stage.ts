import type { Command } from 'commander';
import { ClickHouseSink, eventRow, type ClickHouseRecord } from '../../connectors/clickhouse/index.js';
import { createKafkajsPort, type BatchControl } from '../../connectors/kafka/index.js';
import { createPool, migratePostgres } from '../../connectors/postgres/index.js';
import { loadContractMap } from '../../schemas/contracts/contract-map.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';
import { runDecodeStage } from '../stages/decode-stage.js';
import { runStateStage } from '../stages/state-stage.js';
import type { StageContext } from '../runtime/context.js';
import { ensurePipelineTopics } from '../topics.js';
import { ConfigError } from '../runtime/errors.js';

/** A whole number of seconds ≥ 0 given to a flag. */
function seconds(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`${flag} must be whole seconds ≥ 0, got "${value}"`, flag);
  return n;
}

export function registerStageCommands(program: Command): void {
  const stage = program
    .command('stage')
    .description('run one processing stage as a Kafka consumer group member');

  stage
    .command('decode')
    .description(
      'consume ton.transactions.v1, decode and enrich, produce tonsurance.events.v1 (poison records to the DLQ)',
    )
    .requiredOption('--contracts <map.json>', 'contract map: address (any form) → contract kind')
    .option('--group <id>', 'consumer group (default <namespace>-decode)')
    .action(async (opts: { contracts: string; group?: string }, cmd: Command) => {
      const ctx = await bootstrap('stage decode', cmd.optsWithGlobals() as GlobalOptions);
      const contracts = loadContractMap(opts.contracts);
      const reference = defaultReferenceData();
      const kafka = createKafkajsPort({
        brokers: ctx.config.kafka.brokers,
        clientId: `${ctx.config.kafka.clientId}-decode`,
        logger: ctx.logger,
      });
      const admin = kafka.admin();
      await admin.connect();
      await ensurePipelineTopics(admin, ctx.config);
      await admin.disconnect();
      await runDecodeStage(ctx, { kafka, contracts, reference, groupId: opts.group });
      ctx.ready(true);
      ctx.logger.info({ contracts: contracts.size }, 'decode stage running');
      await new Promise<void>((resolve) =>
        ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      await ctx.shutdown.shutdown(ctx.shutdown.reason ?? 'signal');
    });

  stage
    .command('state')
    .description(
      'consume tonsurance.events.v1: per-contract state, policies, exposure, tranche metrics, windows, alerts → PostgreSQL (exactly-once effect) and ClickHouse history',
    )
    .option('--contracts <map.json>', 'contract map (kinds of contracts whose first event has none)')
    .option('--windows <list>', 'tumbling window sizes', '1m,1h,1d')
    .option('--lateness <seconds>', 'allowed lateness of event time', '60')
    .option(
      '--window-retention <seconds>',
      'how long past its end (event time) an emitted window still takes late events; later ones are counted and left out',
      '86400',
    )
    .option('--no-clickhouse', 'do not write snapshot and alert history to ClickHouse')
    .action(
      async (
        opts: {
          contracts?: string;
          windows: string;
          lateness: string;
          windowRetention: string;
          clickhouse: boolean;
        },
        cmd: Command,
      ) => {
        const ctx = await bootstrap('stage state', cmd.optsWithGlobals() as GlobalOptions);
        await startStateStage(ctx, {
          contracts: opts.contracts,
          windows: opts.windows.split(','),
          lateness: seconds('--lateness', opts.lateness),
          windowRetention: seconds('--window-retention', opts.windowRetention),
          clickhouse: opts.clickhouse,
        });
        ctx.ready(true);
        await new Promise<void>((resolve) =>
          ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
        );
        await ctx.shutdown.shutdown(ctx.shutdown.reason ?? 'signal');
      },
    );

  stage
    .command('clickhouse')
    .description(
      'consume tonsurance.events.v1 into the ClickHouse events table (batched, idempotent by event id)',
    )
    .option('--group <id>', 'consumer group (default <namespace>-clickhouse)')
    .action(async (opts: { group?: string }, cmd: Command) => {
      const ctx = await bootstrap('stage clickhouse', cmd.optsWithGlobals() as GlobalOptions);
      await startClickHouseStage(ctx, opts.group);
      ctx.ready(true);
      await new Promise<void>((resolve) =>
        ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      await ctx.shutdown.shutdown(ctx.shutdown.reason ?? 'signal');
    });
}

/** The ClickHouse sink of this configuration, migrated; closed (flushed) on shutdown. */
export async function openClickHouse(ctx: StageContext): Promise<ClickHouseSink> {
  const sink = new ClickHouseSink({
    url: ctx.config.clickhouse.url,
    database: ctx.config.clickhouse.database,
    migrate: true,
  });
  await sink.connect();
  ctx.shutdown.onShutdown('clickhouse sink', () => sink.close());
  return sink;
}

export async function startStateStage(
  ctx: StageContext,
  opts: {
    contracts?: string;
    windows?: string[];
    lateness?: number;
    windowRetention?: number;
    clickhouse?: boolean;
  },
) {
  await migratePostgres(ctx.config.postgres.url, ctx.config.namespace);
  const pool = createPool(ctx.config.postgres.url, ctx.config.namespace, 4);
  ctx.shutdown.onShutdown('postgres pool', () => pool.end());
  const kafka = createKafkajsPort({
    brokers: ctx.config.kafka.brokers,
    clientId: `${ctx.config.kafka.clientId}-state`,
    logger: ctx.logger,
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensurePipelineTopics(admin, ctx.config);
  await admin.disconnect();
  const clickhouse = opts.clickhouse === false ? undefined : await openClickHouse(ctx);
  return runStateStage(ctx, {
    kafka,
    pool,
    reference: defaultReferenceData(),
    contracts: opts.contracts ? loadContractMap(opts.contracts) : undefined,
    clickhouse,
    windows: opts.windows,
    allowedLatenessSeconds: opts.lateness,
    windowRetentionSeconds: opts.windowRetention,
  });
}

/** Events topic → ClickHouse `events`; Kafka offsets are committed only after the rows are flushed. */
export async function startClickHouseStage(ctx: StageContext, group?: string) {
  const sink = await openClickHouse(ctx);
  const kafka = createKafkajsPort({
    brokers: ctx.config.kafka.brokers,
    clientId: `${ctx.config.kafka.clientId}-clickhouse`,
    logger: ctx.logger,
  });
  const consumer = kafka.consumer({ groupId: group ?? `${ctx.config.namespace}-clickhouse` });
  await consumer.connect();
  ctx.shutdown.onShutdown('clickhouse consumer', () => consumer.disconnect());
  const pending = new Map<string, { topic: string; partition: number; offset: string }>();
  let pendingRows = 0;
  let lastFlush = Date.now();
  /** Flushes the sink, then commits the offsets of everything it held. */
  const flushAndCommit = async (commit: BatchControl['commit']) => {
    await sink.flush();
    pendingRows = 0;
    lastFlush = Date.now();
    const flushed = [...pending.entries()];
    if (flushed.length) await commit(flushed.map(([, o]) => o));
    // Kept if the commit failed (it goes with the next one) or a newer batch replaced it meanwhile.
    for (const [key, o] of flushed) if (pending.get(key) === o) pending.delete(key);
  };
  // When the topic goes quiet, the last rows are flushed and their offsets committed a second later, so the
  // group's lag reaches zero instead of waiting for a next batch.
  let idle: NodeJS.Timeout | undefined;
  let idleFlush: Promise<void> = Promise.resolve();
  ctx.shutdown.onShutdown('clickhouse idle flush', async () => {
    clearTimeout(idle);
    await idleFlush;
  });
  await consumer.run({
    topics: [ctx.config.kafka.topics.events],
    eachBatch: async (batch, control) => {
      if (!batch.records.length) return;
      clearTimeout(idle);
      await idleFlush;
      const rows: ClickHouseRecord[] = [];
      for (const r of batch.records) {
        try {
          rows.push({ table: 'events', row: eventRow(JSON.parse(r.value!.toString('utf8'))) });
        } catch (err) {
          ctx.metrics.errors.inc({ stage: 'clickhouse', class: 'SCHEMA_INVALID' });
          ctx.logger.warn(
            { err, offset: r.offset, partition: r.partition },
            'event not written to ClickHouse (the state stage dead-letters it)',
          );
        }
      }
      await sink.writeBatch(rows);
      const last = batch.records[batch.records.length - 1]!;
      pending.set(`${batch.topic}:${batch.partition}`, {
        topic: batch.topic,
        partition: batch.partition,
        offset: (BigInt(last.offset) + 1n).toString(),
      });
      pendingRows += rows.length;
      // ClickHouse wants few large inserts: flush at 10k rows or once a second, then commit what is flushed.
      if (pendingRows >= 10_000 || Date.now() - lastFlush >= 1000) await flushAndCommit(control.commit);
      if (pending.size)
        idle = setTimeout(() => {
          if (ctx.signal.aborted) return;
          idleFlush = flushAndCommit(control.commit).catch((err: unknown) =>
            ctx.logger.warn({ err }, 'idle flush failed; the offsets are committed with the next batch'),
          );
        }, 1000);
      ctx.metrics.recordsIn.inc({ stage: 'clickhouse' }, batch.records.length);
      ctx.metrics.recordsOut.inc({ stage: 'clickhouse', topic: 'clickhouse.events' }, rows.length);
    },
  });
  return { consumer, sink };
}
