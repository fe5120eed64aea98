/**
 * Simulated protocol transactions for the pipeline sections. The simulator makes about 2k transactions/s, too
 * slow to run inside a measurement, so a run is written once to `bench-results/sim/` (gzip JSON lines plus its
 * contract map) and read back as a stream. A file of the same seed with at least as many transactions is reused:
 * the simulator emits a run in order, so the first N records of a longer run are a complete stream of N.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { simulateToFile } from '../../pipelines/commands/simulate.js';
import { loadContractMap, type ContractMap } from '../../schemas/contracts/contract-map.js';
import type { RawTransactionRecord } from '../../schemas/records/raw-transaction.js';

const SIM_DIR = fileURLToPath(new URL('../../bench-results/sim/', import.meta.url));
export const SIM_SEED = 7;
/** Watched policy shards: enough that policy activity is a realistic share of the traffic. */
export const SIM_SHARDS = 16;

export interface SimulationFile {
  path: string;
  /** Transactions in the file (at least the number asked for). */
  available: number;
  contracts: ContractMap;
  /** The contract map's file (for stages started as processes). */
  contractsPath: string;
}

const stem = () => `seed${SIM_SEED}-shards${SIM_SHARDS}`;

function cached(min: number): { path: string; available: number } | null {
  if (!existsSync(SIM_DIR)) return null;
  const pattern = new RegExp(`^${stem()}-(\\d+)\\.jsonl\\.gz$`);
  let best: { path: string; available: number } | null = null;
  for (const f of readdirSync(SIM_DIR)) {
    const n = Number(pattern.exec(f)?.[1] ?? NaN);
    if (!(n >= min) || !existsSync(join(SIM_DIR, `${stem()}.contracts.json`))) continue;
    if (!best || n < best.available) best = { path: join(SIM_DIR, f), available: n };
  }
  return best;
}

/** A simulation file of at least `transactions` transactions, generated now if there is none. */
export async function simulationFile(
  transactions: number,
  log: (line: string) => void,
): Promise<SimulationFile> {
  let hit = cached(transactions);
  if (!hit) {
    mkdirSync(SIM_DIR, { recursive: true });
    const path = join(SIM_DIR, `${stem()}-${transactions}.jsonl.gz`);
    log(
      `  generating ${transactions.toLocaleString('en-US')} simulated transactions (~2k/s, once) → ${path}`,
    );
    // Written under another name (still ending .gz, which selects compression) until complete.
    const partial = join(SIM_DIR, `${stem()}-${transactions}.partial.jsonl.gz`);
    const summary = await simulateToFile({
      seed: SIM_SEED,
      shards: SIM_SHARDS,
      transactions,
      output: partial,
      contractsOut: join(SIM_DIR, `${stem()}.contracts.json`),
    });
    if (summary.transactions !== transactions)
      throw new Error(`the simulator produced ${summary.transactions} of ${transactions} transactions`);
    renameSync(partial, path);
    log(`  generated in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
    hit = { path, available: transactions };
  }
  const contractsPath = join(SIM_DIR, `${stem()}.contracts.json`);
  return { ...hit, contracts: loadContractMap(contractsPath), contractsPath };
}

/** The first `limit` records of a simulation file, one at a time (memory stays flat whatever the size). */
export async function* readSimulation(
  file: SimulationFile,
  limit: number,
): AsyncGenerator<RawTransactionRecord> {
  const input = createReadStream(file.path).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      if (n >= limit) break;
      if (!line) continue;
      n++;
      yield JSON.parse(line) as RawTransactionRecord;
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (n < limit) throw new Error(`${file.path} holds ${n} transactions, ${limit} needed`);
}

/** The same records in arrays of `size`. */
export async function* simulationBatches(
  file: SimulationFile,
  limit: number,
  size: number,
): AsyncGenerator<RawTransactionRecord[]> {
  let batch: RawTransactionRecord[] = [];
  for await (const record of readSimulation(file, limit)) {
    batch.push(record);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
