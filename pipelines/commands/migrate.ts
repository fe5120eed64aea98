import type { Command } from 'commander';
import { createPool, migratePostgres, writeReferenceDimensions } from '../../connectors/postgres/index.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description(
      'apply pending PostgreSQL (and ClickHouse) migrations of this namespace; safe to run concurrently',
    )
    .action(async (_opts, cmd: Command) => {
      const ctx = await bootstrap('migrate', cmd.optsWithGlobals() as GlobalOptions);
      const pg = await migratePostgres(ctx.config.postgres.url, ctx.config.namespace);
      const pool = createPool(ctx.config.postgres.url, ctx.config.namespace, 1);
      const dims = await writeReferenceDimensions(pool, defaultReferenceData()).finally(() => pool.end());
      ctx.logger.info(
        { postgres: pg, schema: ctx.config.namespace, products: dims.products },
        'PostgreSQL migrations applied, dimension tables written',
      );
      await ctx.shutdown.shutdown('done');
    });
}
