import type { Command } from 'commander';
import { registerConfigCommand } from './config.js';
import { registerSourceCommands } from './source.js';

/** Every subcommand, registered explicitly (no import side effects). */
export function registerCommands(program: Command): void {
  registerConfigCommand(program);
  registerSourceCommands(program);
}
