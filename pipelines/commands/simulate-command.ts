import type { Command } from 'commander';
import { serveSimulation, simulateToFile } from './simulate.js';

interface SimulateOptions {
  seed: string;
  count: string;
  out?: string;
  contractsOut?: string;
  expectedOut?: string;
  serve?: string;
  rate: string;
  shards?: string;
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'deterministic v2 protocol activity as real transaction BOCs: to a JSON-lines file, or served by the TonCenter test server',
    )
    .option('--seed <n>', 'seed (same seed, same transactions)', '1')
    .option('--count <n>', 'how many transactions', '10000')
    .option(
      '--out <file>',
      'raw records as JSON lines (.gz compresses; - = stdout); the contract map goes to FILE.contracts.json',
    )
    .option('--contracts-out <file>', 'write the contract map elsewhere (address → kind)')
    .option('--expected-out <file>', 'write the state the get-methods report at the end')
    .option(
      '--serve <port>',
      'serve the transactions and get-methods over TonCenter v2 on this port instead of writing a file',
    )
    .option('--rate <tx/s>', 'with --serve: transactions released per second (0 = all at once)', '50')
    .option('--shards <n>', 'policy shards watched (of 256)')
    .action(async (opts: SimulateOptions) => {
      const common = {
        seed: Number(opts.seed),
        transactions: Number(opts.count),
        ...(opts.shards ? { shards: Number(opts.shards) } : {}),
      };
      if (opts.serve) {
        const sim = await serveSimulation({ ...common, port: Number(opts.serve), rate: Number(opts.rate) });
        process.stderr.write(
          `TonCenter v2 endpoint ${sim.url}; contracts:\n${JSON.stringify(Object.fromEntries(sim.contracts instanceof Map ? sim.contracts : Object.entries(sim.contracts)), null, 2)}\n`,
        );
        const stop = () => void sim.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await sim.done;
        process.stderr.write('all transactions released; serving until interrupted\n');
        return;
      }
      const summary = await simulateToFile({
        ...common,
        output: opts.out ?? '-',
        contractsOut:
          opts.contractsOut ?? (opts.out && opts.out !== '-' ? `${opts.out}.contracts.json` : undefined),
        expectedOut: opts.expectedOut,
      });
      process.stderr.write(
        `simulated ${summary.transactions} transactions in ${(summary.elapsedMs / 1000).toFixed(1)} s\n`,
      );
    });
}
