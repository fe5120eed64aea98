import type { Command } from 'commander';
import { registerConfigCommand } from './config.js';
import { registerDecodeCommand } from './decode-command.js';
import { registerJobCommands } from './jobs.js';
import { registerMigrateCommand } from './migrate.js';
import { registerRunCommand } from './run.js';
import { registerSimulateCommand } from './simulate-command.js';
import { registerSourceCommands } from './source.js';
import { registerStageCommands } from './stage.js';
import { registerStatusCommand } from './status.js';

/** Every subcommand, registered explicitly (no import side effects). */
export function registerCommands(program: Command): void {
  registerConfigCommand(program);
  registerDecodeCommand(program);
  registerSourceCommands(program);
  registerStageCommands(program);
  registerMigrateCommand(program);
  registerStatusCommand(program);
  registerJobCommands(program);
  registerRunCommand(program);
  registerSimulateCommand(program);
}
