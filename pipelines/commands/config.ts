import type { Command } from 'commander';
import { loadConfig, redactConfig } from '../runtime/config.js';
import { overridesFrom, type GlobalOptions } from '../runtime/bootstrap.js';

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description(
      'print the effective configuration (defaults < config file < environment < flags), secrets masked',
    )
    .action((_opts, cmd: Command) => {
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      const config = loadConfig(process.env, { file: globals.config, overrides: overridesFrom(globals) });
      process.stdout.write(`${JSON.stringify(redactConfig(config), null, 2)}\n`);
    });
}
