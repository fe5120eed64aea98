import type { Command } from 'commander';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import { loadContractMap } from '../../schemas/contracts/contract-map.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';
import { runDecodeStage } from '../stages/decode-stage.js';
import { ensurePipelineTopics } from '../topics.js';

export function registerStageCommands(program: Command): void {
  const stage = program.command('stage').description('run one processing stage as a Kafka consumer group member');

  stage
    .command('decode')
    .description('consume ton.transactions.v1, decode and enrich, produce tonsurance.events.v1 (poison records to the DLQ)')
    .requiredOption('--contracts <map.json>', 'contract map: address (any form) → contract kind')
    .option('--group <id>', 'consumer group (default <namespace>-decode)')
    .action(async (opts: { contracts: string; group?: string }, cmd: Command) => {
      const ctx = await bootstrap('stage decode', cmd.optsWithGlobals() as GlobalOptions);
      const contracts = loadContractMap(opts.contracts);
      const reference = defaultReferenceData();
      const kafka = createKafkajsPort({ brokers: ctx.config.kafka.brokers, clientId: `${ctx.config.kafka.clientId}-decode`, logger: ctx.logger });
      const admin = kafka.admin();
      await admin.connect();
      await ensurePipelineTopics(admin, ctx.config);
      await admin.disconnect();
      await runDecodeStage(ctx, { kafka, contracts, reference, groupId: opts.group });
      ctx.ready(true);
      ctx.logger.info({ contracts: contracts.size }, 'decode stage running');
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      await ctx.shutdown.shutdown(ctx.shutdown.reason ?? 'signal');
    });
}
