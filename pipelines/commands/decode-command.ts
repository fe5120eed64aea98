import type { Command } from 'commander';
import { loadContractMap } from '../../schemas/contracts/contract-map.js';
import { decodeFile } from './decode.js';

export function registerDecodeCommand(program: Command): void {
  program
    .command('decode')
    .description(
      'decode JSON lines of raw records or corpus rows offline (no servers): one JSON line per transaction on stdout',
    )
    .argument('<file>', 'input file (.gz accepted; - = stdin)')
    .requiredOption(
      '--contracts <map.json>',
      'contract map: address (any form) → contract kind; other addresses are skipped',
    )
    .action(async (file: string, opts: { contracts: string }) => {
      const contracts = loadContractMap(opts.contracts);
      const summary = await decodeFile({ input: file, contracts, output: process.stdout });
      process.stderr.write(
        `decoded ${summary.decoded}, skipped ${summary.skipped}, errors ${summary.errors} of ${summary.lines} lines\n`,
      );
    });
}
