import type { Command } from 'commander';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import { createPool, migratePostgres } from '../../connectors/postgres/index.js';
import { ReplaySource } from '../../connectors/replay/index.js';
import { AccountSource, PostgresCursorStore } from '../../connectors/ton/index.js';
import { loadContractMap } from '../../schemas/contracts/contract-map.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';
import { createProgress } from '../runtime/progress.js';
import { runSourcePipeline } from '../source-pipeline.js';
import { ensurePipelineTopics } from '../topics.js';

export function registerSourceCommands(program: Command): void {
  const source = program
    .command('source')
    .description('read TON transactions and publish them to the raw topic');

  source
    .command('replay')
    .description(
      'publish transactions from JSON-lines files (raw records or corpus rows; .gz accepted; - = stdin)',
    )
    .argument('<files...>', 'input files')
    .option('--contracts <map.json>', 'publish only the addresses of this contract map (address → kind)')
    .option('--topic <name>', 'raw topic (default ton.transactions.v1)')
    .option('--blockchain-id <id>', 'corpus rows only: keep one emulated chain')
    .option('--batch-size <n>', 'records per Kafka send', '1000')
    .action(
      async (
        files: string[],
        opts: { contracts?: string; topic?: string; blockchainId?: string; batchSize: string },
        cmd: Command,
      ) => {
        const ctx = await bootstrap('source replay', cmd.optsWithGlobals() as GlobalOptions);
        const contracts = opts.contracts ? loadContractMap(opts.contracts) : undefined;
        const topic = opts.topic ?? ctx.config.kafka.topics.raw;
        const replay = new ReplaySource({
          files,
          topic,
          addresses: contracts ? [...contracts.keys()] : undefined,
          blockchainId: opts.blockchainId,
          batchSize: Number(opts.batchSize),
        });
        const kafka = createKafkajsPort({
          brokers: ctx.config.kafka.brokers,
          clientId: `${ctx.config.kafka.clientId}-replay`,
          logger: ctx.logger,
        });
        const admin = kafka.admin();
        await admin.connect();
        await ensurePipelineTopics(admin, ctx.config, [topic]);
        await admin.disconnect();
        const producer = kafka.producer();
        await producer.connect();
        ctx.shutdown.onShutdown('producer', () => producer.disconnect());
        const progress = createProgress('replay');
        const started = Date.now();
        const summary = await runSourcePipeline(replay, {
          producer,
          topic,
          dlqTopic: ctx.config.kafka.topics.rawDlq,
          ctx,
          onBatch: (s) => progress.update(s.published, replay.progress.total),
        });
        progress.finish();
        ctx.logger.info(
          { ...summary, linesRead: replay.progress.read, seconds: (Date.now() - started) / 1000, topic },
          'replay published',
        );
        await ctx.shutdown.shutdown('done');
      },
    );

  source
    .command('ton')
    .description(
      'poll the watched contracts through TonCenter v2 (getTransactions) and publish new transactions',
    )
    .requiredOption('--contracts <map.json>', 'contract map: address (any form) → contract kind')
    .option(
      '--endpoint <url>',
      'TonCenter v2 JSON-RPC URL, repeatable for failover (env: TON_ENDPOINTS)',
      collect,
      [],
    )
    .option('--api-key <key>', 'TonCenter API key (env: TON_API_KEY)')
    .option('--rps <n>', 'requests per second (default 1 without key, 10 with; env: TON_RPS)')
    .option('--topic <name>', 'raw topic (default ton.transactions.v1)')
    .option('--poll-interval-ms <ms>', 'pause after a cycle with nothing new (env: TON_POLL_INTERVAL_MS)')
    .option(
      '--until-caught-up',
      'exit 0 once every address is published up to the newest transaction reported',
    )
    .action(
      async (
        opts: {
          contracts: string;
          endpoint: string[];
          apiKey?: string;
          rps?: string;
          topic?: string;
          pollIntervalMs?: string;
          untilCaughtUp?: boolean;
        },
        cmd: Command,
      ) => {
        const ton: Record<string, unknown> = {};
        if (opts.endpoint.length) ton.endpoints = opts.endpoint;
        if (opts.apiKey) ton.apiKey = opts.apiKey;
        if (opts.rps) ton.rps = opts.rps;
        if (opts.pollIntervalMs) ton.pollIntervalMs = opts.pollIntervalMs;
        const ctx = await bootstrap('source ton', cmd.optsWithGlobals() as GlobalOptions, { ton });
        const contracts = loadContractMap(opts.contracts);
        const topic = opts.topic ?? ctx.config.kafka.topics.raw;
        await migratePostgres(ctx.config.postgres.url, ctx.config.namespace);
        const pool = createPool(ctx.config.postgres.url, ctx.config.namespace, 2);
        ctx.shutdown.onShutdown('postgres pool', () => pool.end());
        const source = new AccountSource(
          {
            endpoints: ctx.config.ton.endpoints,
            apiKey: ctx.config.ton.apiKey,
            rps: ctx.config.ton.rps,
            pollIntervalMs: ctx.config.ton.pollIntervalMs,
            accounts: [...contracts].map(([address, kind]) => ({ address, kind })),
            untilCaughtUp: Boolean(opts.untilCaughtUp),
          },
          new PostgresCursorStore(pool),
          ctx.logger,
        );
        const kafka = createKafkajsPort({
          brokers: ctx.config.kafka.brokers,
          clientId: `${ctx.config.kafka.clientId}-source-ton`,
          logger: ctx.logger,
        });
        const admin = kafka.admin();
        await admin.connect();
        await ensurePipelineTopics(admin, ctx.config, [topic]);
        await admin.disconnect();
        const producer = kafka.producer();
        await producer.connect();
        ctx.shutdown.onShutdown('producer', () => producer.disconnect());
        ctx.ready(true);
        const lagTimer = setInterval(() => {
          for (const p of source.progress.values()) {
            if (p.chainLastLt && p.publishedLt)
              ctx.metrics.sourceLag.set(
                { address: p.address },
                Number(BigInt(p.chainLastLt) - BigInt(p.publishedLt)),
              );
          }
        }, 1000);
        ctx.shutdown.onShutdown('lag timer', () => clearInterval(lagTimer));
        const summary = await runSourcePipeline(source, {
          producer,
          topic,
          dlqTopic: ctx.config.kafka.topics.rawDlq,
          ctx,
        });
        ctx.logger.info({ ...summary, caughtUp: source.caughtUp() }, 'account source stopped');
        await ctx.shutdown.shutdown('done');
      },
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
