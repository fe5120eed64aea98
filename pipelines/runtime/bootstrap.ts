import type { Server } from 'node:http';
import { deepMerge, loadConfig, redactConfig, type Config, type ConfigInput } from './config.js';
import type { StageContext } from './context.js';
import { ConfigError, errorMessage, TonstreamError } from './errors.js';
import { createLogger, redactUrl } from './logger.js';
import { createMetrics, serveMetrics } from './metrics.js';
import { createShutdown } from './shutdown.js';

export interface GlobalOptions {
  config?: string;
  logLevel?: string;
  brokers?: string;
  metricsPort?: string;
  namespace?: string;
}

/** CLI flags shared by every command, as config overrides. */
export function overridesFrom(opts: GlobalOptions): Record<string, unknown> {
  const o: Record<string, any> = {};
  if (opts.logLevel) o.log = { level: opts.logLevel };
  if (opts.brokers) o.kafka = { brokers: opts.brokers };
  if (opts.metricsPort) o.metrics = { port: opts.metricsPort };
  if (opts.namespace) o.namespace = opts.namespace;
  return o;
}

/** Config, logger, metrics (+ HTTP endpoint when a port is set) and the shutdown signal for one command. */
export async function bootstrap(
  command: string,
  opts: GlobalOptions,
  extra: ConfigInput | Record<string, unknown> = {},
): Promise<StageContext & { ready: (value: boolean) => void }> {
  const overrides = deepMerge(overridesFrom(opts), extra as Record<string, any>);
  const config: Config = loadConfig(process.env, { file: opts.config, overrides });
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty }).child({ command });
  const metrics = createMetrics({ defaultMetrics: config.metrics.port > 0 });
  const shutdown = createShutdown({
    installSignalHandlers: true,
    log: (msg, extra) => logger.info(extra ?? {}, msg),
  });
  let isReady = false;
  let server: Server | undefined;
  if (config.metrics.port > 0) {
    server = await serveMetrics(metrics, config.metrics.port, () => isReady);
    shutdown.onShutdown('metrics server', () => new Promise<void>((r) => server!.close(() => r())));
    logger.info({ port: config.metrics.port }, 'metrics on /metrics, health on /healthz and /readyz');
  }
  logger.debug({ config: redactConfig(config) }, 'effective configuration');
  return {
    config,
    logger,
    metrics,
    shutdown,
    signal: shutdown.signal,
    ready: (value) => {
      isReady = value;
    },
  };
}

/** Fatal error → one line on stderr naming the cause, non-zero exit (2 for bad configuration). */
export function exitWithCause(err: unknown): never {
  const prefix =
    err instanceof ConfigError
      ? 'configuration error'
      : err instanceof TonstreamError
        ? err.code.toLowerCase().replace(/_/g, ' ')
        : 'error';
  process.stderr.write(`tonstream: ${prefix}: ${redactUrl(errorMessage(err)).split('\n')[0]}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
