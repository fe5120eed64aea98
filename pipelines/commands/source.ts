import type { Command } from 'commander';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import { ReplaySource } from '../../connectors/replay/index.js';
import { loadContractMap } from '../../schemas/contracts/contract-map.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';
import { createProgress } from '../runtime/progress.js';
import { runSourcePipeline } from '../source-pipeline.js';
import { ensurePipelineTopics } from '../topics.js';

export function registerSourceCommands(program: Command): void {
  const source = program.command('source').description('read TON transactions and publish them to the raw topic');

  source
    .command('replay')
    .description('publish transactions from JSON-lines files (raw records or corpus rows; .gz accepted; - = stdin)')
    .argument('<files...>', 'input files')
    .option('--contracts <map.json>', 'publish only the addresses of this contract map (address → kind)')
    .option('--topic <name>', 'raw topic (default ton.transactions.v1)')
    .option('--blockchain-id <id>', 'corpus rows only: keep one emulated chain')
    .option('--batch-size <n>', 'records per Kafka send', '1000')
    .action(async (files: string[], opts: { contracts?: string; topic?: string; blockchainId?: string; batchSize: string }, cmd: Command) => {
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
      const kafka = createKafkajsPort({ brokers: ctx.config.kafka.brokers, clientId: `${ctx.config.kafka.clientId}-replay`, logger: ctx.logger });
      const admin = kafka.admin();
      await admin.connect();
      await ensurePipelineTopics(admin, ctx.config);
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
      ctx.logger.info({ ...summary, linesRead: replay.progress.read, seconds: (Date.now() - started) / 1000, topic }, 'replay published');
      await ctx.shutdown.shutdown('done');
    });
}
