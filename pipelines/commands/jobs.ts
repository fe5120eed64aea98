import type { Command } from 'commander';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import { createPool, loadContractStates, migratePostgres } from '../../connectors/postgres/index.js';
import { loadContractMap } from '../../schemas/contracts/contract-map.js';
import { runDriftCheck, tonClientReader, type DriftReport } from '../jobs/drift.js';
import { pipelineApplied } from '../jobs/pipeline-progress.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';
import type { StageContext } from '../runtime/context.js';
import { replayFile } from './replay.js';
import { stateReport } from '../../operators/state/state-report.js';
import { openClickHouse } from './stage.js';

/** One drift check with this configuration's servers; used by `drift check` and by `run`. */
export async function driftCheckOnce(
  ctx: StageContext,
  opts: { contracts: string; reconcile?: boolean; endpoint?: string },
): Promise<DriftReport> {
  const contracts = loadContractMap(opts.contracts);
  await migratePostgres(ctx.config.postgres.url, ctx.config.namespace);
  const pool = createPool(ctx.config.postgres.url, ctx.config.namespace, 2);
  const kafka = createKafkajsPort({
    brokers: ctx.config.kafka.brokers,
    clientId: `${ctx.config.kafka.clientId}-drift`,
    logger: ctx.logger,
  });
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer();
  await producer.connect();
  const clickhouse = await openClickHouse(ctx);
  try {
    const report = await runDriftCheck({
      contracts,
      pool,
      chain: tonClientReader(opts.endpoint ?? ctx.config.ton.endpoints[0]!, ctx.config.ton.apiKey),
      applied: pipelineApplied(ctx.config, admin, pool),
      clickhouse,
      alerts: { producer, topic: ctx.config.kafka.topics.alerts },
      reconcile: opts.reconcile,
    });
    for (const status of ['ok', 'warn', 'critical', 'pending']) {
      ctx.metrics.driftResults.set({ status }, report.results.filter((r) => r.status === status).length);
    }
    for (const r of report.results)
      if (r.absDrift !== null)
        ctx.metrics.driftAbs.set({ address: r.address, metric: r.metric }, Number(r.absDrift));
    return report;
  } finally {
    await clickhouse.close();
    await producer.disconnect();
    await admin.disconnect();
    await pool.end();
  }
}

export function registerJobCommands(program: Command): void {
  const drift = program
    .command('drift')
    .description('compare the derived state with what the chain reports through get-methods');
  drift
    .command('check')
    .description('run one drift check now; exits non-zero only when a result is critical')
    .requiredOption('--contracts <map.json>', 'contract map: address (any form) → contract kind')
    .option('--endpoint <url>', 'TonCenter v2 JSON-RPC URL (default: first of TON_ENDPOINTS)')
    .option(
      '--reconcile',
      "record the chain's values as authoritative beside the derived ones (derived state is kept)",
    )
    .option('--json', 'print the results as JSON')
    .action(
      async (
        opts: { contracts: string; endpoint?: string; reconcile?: boolean; json?: boolean },
        cmd: Command,
      ) => {
        const ctx = await bootstrap('drift check', cmd.optsWithGlobals() as GlobalOptions);
        const report = await driftCheckOnce(ctx, opts);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          console.table(
            report.results.map((r) => ({
              address: `${r.address.slice(0, 10)}…`,
              kind: r.kind,
              metric: r.metric,
              chain: r.chain,
              derived: r.derived,
              abs: r.absDrift,
              status: r.status,
            })),
          );
        }
        await ctx.shutdown.shutdown('done');
        if (report.results.some((r) => r.status === 'critical')) process.exitCode = 3;
      },
    );

  program
    .command('replay')
    .description(
      'decode → state in one process, no servers: final derived state per contract (with its get-method view) to a file',
    )
    .argument('<files...>', 'JSON lines of raw records or corpus rows (.gz accepted; - = stdin)')
    .requiredOption('--contracts <map.json>', 'contract map: address (any form) → contract kind')
    .option(
      '--init <snapshot.json>',
      'initial state per address (state JSON, or a previous --state-out file)',
    )
    .requiredOption('--state-out <file>', 'where to write the final state')
    .option('--blockchain-id <id>', 'corpus rows only: one emulated chain')
    .action(
      async (
        files: string[],
        opts: { contracts: string; init?: string; stateOut: string; blockchainId?: string },
      ) => {
        const result = await replayFile({
          inputs: files,
          contracts: loadContractMap(opts.contracts),
          init: opts.init,
          stateOut: opts.stateOut,
          blockchainId: opts.blockchainId,
        });
        process.stderr.write(`${JSON.stringify(result.summary)}\n`);
      },
    );

  program
    .command('state')
    .description(
      'print the derived state from PostgreSQL in the shape of `replay --state-out` (so the two can be diffed)',
    )
    .option('--json', 'print JSON (the only format)', true)
    .option('--address <addr>', 'only this contract (raw form)')
    .action(async (opts: { address?: string }, cmd: Command) => {
      const ctx = await bootstrap('state', cmd.optsWithGlobals() as GlobalOptions);
      const pool = createPool(ctx.config.postgres.url, ctx.config.namespace, 1);
      try {
        const states = await loadContractStates(pool, opts.address ? [opts.address] : undefined);
        process.stdout.write(`${JSON.stringify(stateReport(states), null, 2)}\n`);
      } finally {
        await pool.end();
        await ctx.shutdown.shutdown('done');
      }
    });
}
