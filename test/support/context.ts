import { loadConfig, type ConfigInput } from '../../pipelines/runtime/config.js';
import type { StageContext } from '../../pipelines/runtime/context.js';
import { createLogger } from '../../pipelines/runtime/logger.js';
import { createMetrics } from '../../pipelines/runtime/metrics.js';
import { createShutdown } from '../../pipelines/runtime/shutdown.js';

/** A stage context for tests: quiet logger (LOG_LEVEL=debug to see it), fresh metrics, own shutdown signal. */
export function testContext(overrides: ConfigInput | Record<string, unknown> = {}): StageContext {
  const config = loadConfig({}, { overrides });
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', pretty: false });
  const shutdown = createShutdown();
  return { config, logger, metrics: createMetrics(), shutdown, signal: shutdown.signal };
}
