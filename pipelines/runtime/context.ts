import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Shutdown } from './shutdown.js';

/** What every stage, source and sink receives: the same config, a child logger, metrics and the shutdown signal. */
export interface StageContext {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  shutdown: Shutdown;
  signal: AbortSignal;
}

export function childContext(ctx: StageContext, stage: string): StageContext {
  return { ...ctx, logger: ctx.logger.child({ stage }) };
}
