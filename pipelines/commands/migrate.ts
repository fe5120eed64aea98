import type { Command } from 'commander';
import { migratePostgres } from '../../connectors/postgres/index.js';
import { bootstrap, type GlobalOptions } from '../runtime/bootstrap.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending PostgreSQL (and ClickHouse) migrations of this namespace; safe to run concurrently')
    .action(async (_opts, cmd: Command) => {
      const ctx = await bootstrap('migrate', cmd.optsWithGlobals() as GlobalOptions);
      const pg = await migratePostgres(ctx.config.postgres.url, ctx.config.namespace);
      ctx.logger.info({ postgres: pg, schema: ctx.config.namespace }, 'PostgreSQL migrations applied');
      await ctx.shutdown.shutdown('done');
    });
}
