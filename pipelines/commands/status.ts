import type { Command } from 'commander';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import { createPool, PostgresOffsetStore } from '../../connectors/postgres/index.js';
import { lagOf } from '../jobs/pipeline-progress.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';

interface StageLag {
  stage: string;
  group: string;
  topic: string;
  committed: string;
  end: string;
  lag: string;
}

/** One stage's row: summed committed positions and end offsets, and their difference (lagOf). */
function stageLag(
  stage: string,
  group: string,
  topic: string,
  ends: { partition: number; high: string }[],
  committed: { partition: number; offset: string }[],
): StageLag {
  const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
  const positions = ends.map((e) => {
    const pos = BigInt(committed.find((x) => x.partition === e.partition)?.offset ?? '-1');
    return pos < 0n ? 0n : pos;
  });
  return {
    stage,
    group,
    topic,
    committed: sum(positions).toString(),
    end: sum(ends.map((e) => BigInt(e.high))).toString(),
    lag: lagOf(ends, committed).toString(),
  };
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('show per-stage consumer lag, source cursors, the last event time and the last drift check')
    .option('--json', 'print JSON instead of tables')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const ctx = await bootstrap('status', cmd.optsWithGlobals() as GlobalOptions);
      const ns = ctx.config.namespace;
      const topics = ctx.config.kafka.topics;
      const kafka = createKafkajsPort({
        brokers: ctx.config.kafka.brokers,
        clientId: `${ctx.config.kafka.clientId}-status`,
        logger: ctx.logger,
        connectRetries: 1,
      });
      const admin = kafka.admin();
      await admin.connect();
      const pool = createPool(ctx.config.postgres.url, ns, 1);
      try {
        const stages: StageLag[] = [];
        const rawEnds = await admin.topicOffsets(topics.raw).catch(() => []);
        const eventEnds = await admin.topicOffsets(topics.events).catch(() => []);
        stages.push(
          stageLag(
            'decode',
            `${ns}-decode`,
            topics.raw,
            rawEnds,
            await admin.committedOffsets(`${ns}-decode`, topics.raw).catch(() => []),
          ),
        );
        const stateOffsets = await new PostgresOffsetStore(`${ns}-state`)
          .load(pool, topics.events)
          .catch(() => []);
        stages.push(stageLag('state', `${ns}-state`, topics.events, eventEnds, stateOffsets));
        const q = async (sql: string) => (await pool.query(sql).catch(() => ({ rows: [] as any[] }))).rows;
        const cursors = await q(
          `SELECT address, kind, last_lt::text AS published_lt, chain_last_lt::text AS chain_lt,
                  (chain_last_lt - last_lt)::text AS lag_lt, transactions_seen, status, last_error, updated_at
             FROM source_cursors ORDER BY address`,
        );
        const contracts = await q(
          `SELECT address, kind, last_lt::text AS last_applied_lt, last_utime FROM contract_state ORDER BY address`,
        );
        const lastEvent =
          (await q(`SELECT max(utime) AS last_event_time, count(*)::text AS events FROM events`))[0] ?? {};
        const drift =
          (
            await q(
              `SELECT max(checked_at) AS last_check, count(*) FILTER (WHERE status <> 'ok')::int AS not_ok FROM drift_latest`,
            )
          )[0] ?? {};
        const report = { namespace: ns, stages, cursors, contracts, lastEvent, drift };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          console.log(`namespace ${ns}`);
          console.table(stages);
          if (cursors.length) console.table(cursors.map(({ last_error: _e, ...c }) => c));
          if (contracts.length) console.table(contracts);
          console.log(
            `events applied: ${lastEvent.events ?? 0}, last event time: ${lastEvent.last_event_time ?? '-'}`,
          );
          console.log(`last drift check: ${drift.last_check ?? '-'} (${drift.not_ok ?? 0} metrics not ok)`);
        }
      } finally {
        await pool.end();
        await admin.disconnect();
        await ctx.shutdown.shutdown('done');
      }
    });
}
