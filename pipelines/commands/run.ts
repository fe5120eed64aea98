import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import { createPool, migratePostgres, writeReferenceDimensions } from '../../connectors/postgres/index.js';
import type { Source } from '../../connectors/lifecycle.js';
import { ReplaySource } from '../../connectors/replay/index.js';
import { AccountSource, PostgresCursorStore } from '../../connectors/ton/index.js';
import type { RawTransactionRecord } from '../../schemas/records/raw-transaction.js';
import { loadContractMap, type ContractMap } from '../../schemas/contracts/contract-map.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { pipelineApplied } from '../jobs/pipeline-progress.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';
import { ConfigError } from '../runtime/errors.js';
import type { StageContext } from '../runtime/context.js';
import { createProgress } from '../runtime/progress.js';
import { runSourcePipeline } from '../source-pipeline.js';
import { runDecodeStage } from '../stages/decode-stage.js';
import { ensurePipelineTopics } from '../topics.js';
import { driftCheckOnce } from './jobs.js';
import { serveSimulation } from './simulate.js';
import { startClickHouseStage, startStateStage } from './stage.js';
import { printRunSummary } from './run-summary.js';

interface RunOptions {
  contracts?: string;
  endpoint?: string[];
  source: string;
  untilCaughtUp?: boolean;
  driftIntervalS: string;
  transactions: string;
  seed: string;
  rate: string;
  v3?: boolean;
  windows: string;
  shards: string;
}

/**
 * Every stage in one process, for small deployments and the local run: account source → decode → state →
 * ClickHouse, then one drift check and a summary. Without an endpoint it serves a deterministic simulation of the
 * protocol through the TonCenter-compatible test server, so the real source connector does the reading.
 */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'run the whole pipeline in one process (simulated protocol by default; a real network with --endpoint and --contracts), then print a summary',
    )
    .option(
      '--contracts <map.json>',
      'contract map of a real network (address → kind); without it the protocol is simulated',
    )
    .option(
      '--endpoint <url>',
      'TonCenter v2 JSON-RPC URL of a real network (repeatable; env TON_ENDPOINTS with --contracts)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option('--transactions <n>', 'simulated transactions (default 50000)', '50000')
    .option('--seed <n>', 'simulation seed', '1')
    .option(
      '--rate <tx/s>',
      'simulated transactions released per second into the test server (0 = all at once)',
      '0',
    )
    .option('--v3', 'also simulate the v3 contracts')
    .option(
      '--shards <n>',
      "simulated policy shards watched (of the router's 256; each policy lands on shard id mod 256)",
      '256',
    )
    .option('--windows <list>', 'tumbling window sizes', '1m,1h,1d')
    .option(
      '--source <kind>',
      'with --contracts: ton (poll the endpoint) or replay (the files given as arguments)',
      'ton',
    )
    .option(
      '--until-caught-up',
      'exit 0 once the source is caught up and every stage applied everything (always so for a simulation)',
    )
    .option('--drift-interval-s <s>', 'seconds between drift checks while running', '300')
    .argument('[files...]', 'input files for --source replay')
    .action(async (files: string[], opts: RunOptions, cmd: Command) => {
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      // A simulation gets a namespace of its own per run unless one is given, so runs never mix; a real network
      // uses the configured namespace (default: plain names).
      const simulated = !opts.contracts;
      const namespace =
        globals.namespace ??
        (simulated ? `run_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}` : undefined);
      const ctx = await bootstrap('run', namespace ? { ...globals, namespace } : globals);
      await runAll(ctx, opts, files);
    });
}

async function runAll(
  ctx: StageContext & { ready: (v: boolean) => void },
  opts: RunOptions,
  files: string[],
): Promise<void> {
  const started = Date.now();
  const log = ctx.logger;
  await migratePostgres(ctx.config.postgres.url, ctx.config.namespace);
  const pool = createPool(ctx.config.postgres.url, ctx.config.namespace, 4);
  ctx.shutdown.onShutdown('postgres pool', () => pool.end());
  await writeReferenceDimensions(pool, defaultReferenceData());
  const kafka = createKafkajsPort({
    brokers: ctx.config.kafka.brokers,
    clientId: `${ctx.config.kafka.clientId}-run`,
    logger: ctx.logger,
  });
  const admin = kafka.admin();
  await admin.connect();
  ctx.shutdown.onShutdown('kafka admin', () => admin.disconnect());
  await ensurePipelineTopics(admin, ctx.config);

  // Input: a real network, or the simulation behind the TonCenter test server.
  let contracts: ContractMap;
  let endpoint: string;
  let contractsFile: string;
  const simulated = !opts.contracts;
  if (!simulated) {
    contracts = loadContractMap(opts.contracts!);
    endpoint = opts.endpoint?.[0] ?? ctx.config.ton.endpoints[0]!;
    contractsFile = opts.contracts!;
    if (opts.source === 'replay' && !files.length)
      throw new ConfigError('run --source replay needs input files', 'source');
    if (opts.source !== 'ton' && opts.source !== 'replay')
      throw new ConfigError(`--source must be ton or replay, got '${opts.source}'`, 'source');
  } else {
    log.info(
      { transactions: Number(opts.transactions), seed: Number(opts.seed) },
      'generating the simulated protocol activity',
    );
    const sim = await serveSimulation({
      seed: Number(opts.seed),
      transactions: Number(opts.transactions),
      v3: Boolean(opts.v3),
      shards: Number(opts.shards),
      port: 0,
      rate: Number(opts.rate),
    });
    ctx.shutdown.onShutdown('simulation server', () => sim.close());
    contracts =
      sim.contracts instanceof Map
        ? (sim.contracts as ContractMap)
        : (new Map(Object.entries(sim.contracts)) as ContractMap);
    endpoint = sim.url;
    const dir = join(process.cwd(), '.stack', 'run');
    mkdirSync(dir, { recursive: true });
    contractsFile = join(dir, `${ctx.config.namespace}.contracts.json`);
    writeFileSync(contractsFile, JSON.stringify(Object.fromEntries(contracts), null, 2));
    log.info(
      { url: sim.url, contracts: contracts.size, contractsFile },
      'simulation served by the TonCenter test server',
    );
  }

  // Stages (consumers first, so nothing waits on a rebalance later).
  await runDecodeStage(ctx, { kafka, contracts, reference: defaultReferenceData() });
  let applied = 0;
  await startStateStage(ctx, { windows: opts.windows.split(','), lateness: 60 });
  await startClickHouseStage(ctx);
  ctx.ready(true);

  const untilCaughtUp = simulated || Boolean(opts.untilCaughtUp);
  const source: Source<RawTransactionRecord> =
    !simulated && opts.source === 'replay'
      ? new ReplaySource({ files, addresses: [...contracts.keys()], topic: ctx.config.kafka.topics.raw })
      : new AccountSource(
          {
            endpoints: simulated
              ? [endpoint]
              : opts.endpoint?.length
                ? opts.endpoint
                : ctx.config.ton.endpoints,
            apiKey: ctx.config.ton.apiKey,
            rps: simulated ? 1000 : ctx.config.ton.rps,
            pollIntervalMs: simulated ? 1000 : ctx.config.ton.pollIntervalMs,
            accounts: [...contracts].map(([address, kind]) => ({ address, kind })),
            untilCaughtUp,
          },
          new PostgresCursorStore(pool),
          log,
        );
  // Long-running mode: a drift check on a schedule (the first once the source has caught up).
  let driftTimer: NodeJS.Timeout | undefined;
  if (!untilCaughtUp && opts.source === 'ton') {
    driftTimer = setInterval(
      () => {
        driftCheckOnce(ctx, { contracts: contractsFile, endpoint })
          .then((r) =>
            log.info(
              { results: r.results.length, notOk: r.results.filter((x) => x.status !== 'ok').length },
              'drift check',
            ),
          )
          .catch((err) => log.warn({ err }, 'drift check failed'));
      },
      Number(opts.driftIntervalS) * 1000,
    );
    ctx.shutdown.onShutdown('drift schedule', () => clearInterval(driftTimer));
  }
  const producer = kafka.producer();
  await producer.connect();
  ctx.shutdown.onShutdown('source producer', () => producer.disconnect());
  const progress = createProgress('published');
  const summary = await runSourcePipeline(source, {
    producer,
    topic: ctx.config.kafka.topics.raw,
    dlqTopic: ctx.config.kafka.topics.rawDlq,
    ctx,
    onBatch: (s) => progress.update(s.published),
  });
  progress.finish();
  // Interrupted (Ctrl-C / SIGTERM): the shutdown already lets each stage finish and commit its batch; the next
  // start with the same namespace continues from the stored cursors and offsets.
  if (ctx.signal.aborted) return;
  if (!untilCaughtUp) {
    await ctx.shutdown.shutdown(ctx.shutdown.reason ?? 'source stopped');
    return;
  }
  log.info(
    { published: summary.published, seconds: (Date.now() - started) / 1000 },
    'source caught up; waiting for the stages',
  );

  // Wait until decode and state have consumed everything (bounded).
  const isApplied = pipelineApplied(ctx.config, admin, pool);
  const anyAddress = [...contracts.keys()][0]!;
  const deadline = Date.now() + 30 * 60_000;
  const stageProgress = createProgress('applied');
  while (Date.now() < deadline && !ctx.signal.aborted) {
    if (await isApplied(anyAddress, '0')) break;
    applied = Number((await pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n);
    stageProgress.update(applied);
    await new Promise((r) => setTimeout(r, 500));
  }
  stageProgress.finish();
  if (ctx.signal.aborted) return;
  const seconds = (Date.now() - started) / 1000;

  const drift =
    opts.source === 'replay' && !simulated
      ? { checkedAt: new Date().toISOString(), results: [] }
      : await driftCheckOnce(ctx, { contracts: contractsFile, endpoint });
  await printRunSummary(ctx, pool, {
    published: summary.published,
    seconds,
    drift,
    simulated,
    contractsFile,
  });
  await ctx.shutdown.shutdown('run complete');
}
