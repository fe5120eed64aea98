/**
 * Simulated chain activity for demos, tests and benchmarks (test/simulator): write the raw records of a
 * deterministic protocol simulation to a file, or serve them live from the TonCenter test server at a chosen
 * rate, with get-method results that match what has been released.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { startTonCenterServer, type TonCenterServer } from '../../test/toncenter/server.js';
import { registerSimulationGetMethods, type DriftInjection } from '../../test/simulator/get-methods.js';
import {
  ProtocolSimulation,
  type SimulatedRecord,
  type SimulationContracts,
  type SimulationExpectation,
  type SimulationOptions,
  type SimulationStats,
} from '../../test/simulator/simulator.js';
import { ConfigError, errorMessage } from '../runtime/errors.js';

export interface SimulateToFileOptions extends Omit<SimulationOptions, 'transactions'> {
  transactions: number;
  /** JSON lines of raw records; gzip when the path ends with `.gz`; `-` = stdout. */
  output: string;
  /** Where to write the contract map (`{address: kind}` JSON). */
  contractsOut?: string;
  /** Where to write the expected end state (JSON, amounts as strings). */
  expectedOut?: string;
}

export interface SimulateToFileSummary {
  transactions: number;
  contracts: SimulationContracts;
  stats: SimulationStats;
  expected: SimulationExpectation;
  elapsedMs: number;
}

/** JSON with bigints as decimal strings (the project's JSON convention for amounts). */
export function simulationJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

function recordLine(r: SimulatedRecord): string {
  // The field order of encodeRawRecord, plus the source.
  return `${JSON.stringify({ v: 1, account: r.account, lt: r.lt, hash: r.hash, utime: r.utime, boc: r.boc, source: 'simulator' })}\n`;
}

function openOutput(path: string): { stream: Writable; finished: Promise<void> } {
  if (path === '-') return { stream: process.stdout, finished: Promise.resolve() };
  const file = createWriteStream(path);
  const finished = new Promise<void>((resolve, reject) => {
    file.once('finish', resolve);
    file.once('error', (err) => reject(new ConfigError(`cannot write ${path}: ${errorMessage(err)}`, path)));
  });
  if (!path.endsWith('.gz')) return { stream: file, finished };
  const gzip = createGzip();
  gzip.once('error', (err) => file.destroy(err));
  gzip.pipe(file);
  return { stream: gzip, finished };
}

function write(stream: Writable, text: string): Promise<void> | null {
  if (stream.write(text)) return null;
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    stream.once('error', onError);
    stream.once('drain', () => {
      stream.off('error', onError);
      resolve();
    });
  });
}

/** Generates a simulation and writes its raw records (and optionally its contract map and expected state). */
export async function simulateToFile(options: SimulateToFileOptions): Promise<SimulateToFileSummary> {
  const started = performance.now();
  let sim: ProtocolSimulation;
  try {
    sim = new ProtocolSimulation(options);
  } catch (err) {
    throw new ConfigError(`simulate: ${errorMessage(err)}`, 'simulate');
  }
  const { stream, finished } = openOutput(options.output);
  let count = 0;
  let chunk = '';
  for (const record of sim.records()) {
    chunk += recordLine(record);
    count++;
    if (chunk.length >= 1 << 20) {
      const wait = write(stream, chunk);
      chunk = '';
      if (wait) await wait;
    }
  }
  if (chunk) {
    const wait = write(stream, chunk);
    if (wait) await wait;
  }
  if (options.output !== '-') {
    stream.end();
    await finished;
  }
  const expected = sim.expected();
  if (options.contractsOut) await writeFile(options.contractsOut, simulationJson(sim.contracts) + '\n');
  if (options.expectedOut) await writeFile(options.expectedOut, simulationJson(expected) + '\n');
  return {
    transactions: count,
    contracts: sim.contracts,
    stats: sim.stats(),
    expected,
    elapsedMs: performance.now() - started,
  };
}

export interface ServeSimulationOptions extends Omit<SimulationOptions, 'transactions'> {
  transactions: number;
  /** Port of the TonCenter test server; 0 = any free port. */
  port?: number;
  host?: string;
  /** Transactions per second released into the server; 0 = all at once. */
  rate: number;
  /** Skew one get-method value on purpose (drift tests). */
  drift?: DriftInjection;
}

export interface ServedSimulation {
  /** JSON-RPC endpoint (what TonClient takes). */
  url: string;
  server: TonCenterServer;
  contracts: SimulationContracts;
  simulation: ProtocolSimulation;
  /** Records released so far. */
  released(): number;
  /** Resolves when every transaction has been released. */
  done: Promise<void>;
  close(): Promise<void>;
}

const TICK_MS = 200;

/**
 * Starts the TonCenter test server and releases the simulation into it: in causal order (per account in lt
 * order, every transaction after the one that sent its in-message), `rate` per second, re-registering the
 * get-methods after each release so they always describe what has been released.
 */
export async function serveSimulation(options: ServeSimulationOptions): Promise<ServedSimulation> {
  if (!(options.rate >= 0)) throw new ConfigError(`simulate: rate must be >= 0, got ${options.rate}`, 'rate');
  let sim: ProtocolSimulation;
  try {
    sim = new ProtocolSimulation(options);
  } catch (err) {
    throw new ConfigError(`simulate: ${errorMessage(err)}`, 'simulate');
  }
  const server = await startTonCenterServer({
    port: options.port ?? 0,
    ...(options.host ? { host: options.host } : {}),
    rateLimit: false,
  });
  const store = server.store;
  const records = sim.records();
  let released = 0;
  let exhausted = false;
  const register = () =>
    registerSimulationGetMethods(store, sim, options.drift ? { drift: options.drift } : {});

  const release = (n: number): void => {
    const batch: SimulatedRecord[] = [];
    while (batch.length < n) {
      const next = records.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      batch.push(next.value);
    }
    if (batch.length > 0) {
      store.addTransactions(batch);
      released += batch.length;
    }
    register();
  };

  let timer: NodeJS.Timeout | null = null;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  register();
  if (options.rate === 0) {
    while (!exhausted) release(10_000);
    resolveDone();
  } else {
    const startedAt = performance.now();
    timer = setInterval(() => {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * options.rate) - released;
      if (due > 0) release(due);
      if (exhausted || released >= options.transactions) {
        if (timer) clearInterval(timer);
        timer = null;
        resolveDone();
      }
    }, TICK_MS);
  }
  return {
    url: server.url,
    server,
    contracts: sim.contracts,
    simulation: sim,
    released: () => released,
    done,
    close: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      resolveDone();
      await server.close();
    },
  };
}
