#!/usr/bin/env node
import { Command, Option } from 'commander';
import { registerCommands } from './commands/index.js';
import { exitWithCause } from './runtime/bootstrap.js';

/** `tonstream`: one CLI for every stage, source, job and offline tool of the pipeline. */
export function buildCli(): Command {
  const program = new Command('tonstream')
    .description(
      'Stream-processing pipeline for the Tonsurance protocol on TON: Kafka, RxJS stages, PostgreSQL and ClickHouse',
    )
    .version('0.1.0')
    .addOption(new Option('--config <file>', 'JSON config file (env: TONSTREAM_CONFIG)'))
    .addOption(
      new Option('--log-level <level>', 'log level (env: LOG_LEVEL)').choices([
        'fatal',
        'error',
        'warn',
        'info',
        'debug',
        'trace',
        'silent',
      ]),
    )
    .addOption(new Option('--brokers <list>', 'Kafka bootstrap servers host:port,... (env: KAFKA_BROKERS)'))
    .addOption(
      new Option(
        '--metrics-port <port>',
        'serve /metrics, /healthz, /readyz on this port (env: METRICS_PORT)',
      ),
    )
    .addOption(
      new Option('--namespace <name>', 'prefix of consumer groups and schemas (env: TONSTREAM_NAMESPACE)'),
    )
    .showHelpAfterError();
  registerCommands(program);
  return program;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain || process.argv[1]?.endsWith('/cli.ts') || process.argv[1]?.endsWith('/cli.js')) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err) => exitWithCause(err));
}
