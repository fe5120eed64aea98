/**
 * Benchmark runner: `npm run bench -- [--only decode[,other]] [--json FILE] [--rounds N] [--round-ms MS]
 * [--kafka-records N] [--sink-rows N] [--e2e-transactions N] [--latency-rate TX_PER_S] [--latency-seconds S]`.
 * Runs the registered sections in order, prints one table per section and writes every metric to a JSON
 * file (default `bench-results/bench.json`, git-ignored) as `{ meta, <section>: { <metric>: value } }`.
 *
 * A new section is a module `test/bench/<name>.ts` exporting a `BenchSection`, added to `SECTIONS`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeSection } from './decode.js';
import { e2eSection } from './e2e.js';
import { kafkaSection } from './kafka.js';
import { latencySection } from './latency.js';
import type { BenchOptions, BenchSection, SectionResult } from './section.js';
import { sinksSection } from './sinks.js';

export const SECTIONS: readonly BenchSection[] = [
  decodeSection,
  kafkaSection,
  sinksSection,
  e2eSection,
  latencySection,
];

function printTable(section: BenchSection, result: SectionResult): void {
  const width = Math.max(...result.rows.map((r) => r.label.length));
  console.log(`\n== ${section.name}: ${section.description}`);
  for (const row of result.rows) {
    const value = typeof row.value === 'number' ? row.value.toLocaleString('en-US') : row.value;
    console.log(`  ${row.label.padEnd(width)}  ${value}${row.unit ? ` ${row.unit}` : ''}`);
  }
}

/** Versions of the libraries the figures depend on, as installed. */
function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [
    'kafkajs',
    '@platformatic/kafka',
    '@ton/core',
    '@ton/ton',
    'pg',
    '@clickhouse/client',
    'rxjs',
  ]) {
    try {
      // Read from node_modules: some packages do not export their package.json.
      const file = fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url));
      out[name] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      out[name] = 'not installed';
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      json: { type: 'string', default: 'bench-results/bench.json' },
      rounds: { type: 'string', default: '5' },
      'round-ms': { type: 'string', default: '1000' },
      'kafka-records': { type: 'string', default: '200000' },
      'sink-rows': { type: 'string', default: '100000' },
      'e2e-transactions': { type: 'string', default: '100000' },
      'latency-rate': { type: 'string', default: '500' },
      'latency-seconds': { type: 'string', default: '20' },
    },
  });
  const positive = (name: string, raw: string | undefined): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
    return n;
  };
  const wanted = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null;
  const unknown = wanted ? [...wanted].filter((n) => !SECTIONS.some((s) => s.name === n)) : [];
  if (unknown.length > 0) {
    console.error(
      `unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const options: BenchOptions = {
    rounds: Math.max(1, Number(values.rounds)),
    minRoundMs: Math.max(50, Number(values['round-ms'])),
    sizes: {
      kafkaRecords: positive('kafka-records', values['kafka-records']),
      sinkRows: positive('sink-rows', values['sink-rows']),
      e2eTransactions: positive('e2e-transactions', values['e2e-transactions']),
      latencyRate: positive('latency-rate', values['latency-rate']),
      latencySeconds: positive('latency-seconds', values['latency-seconds']),
    },
    log: (line) => console.log(line),
  };
  const report: Record<string, unknown> = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryMb: Math.round(totalmem() / (1024 * 1024)),
      versions: packageVersions(),
      loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
      rounds: options.rounds,
      minRoundMs: options.minRoundMs,
      sizes: options.sizes,
    },
  };
  for (const section of SECTIONS) {
    if (wanted && !wanted.has(section.name)) continue;
    const result = await section.run(options);
    printTable(section, result);
    report[section.name] = result.metrics;
  }
  // The report's stable keys (documented in the README), beside each section's own names.
  const decode = report.decode as Record<string, unknown> | undefined;
  if (decode) decode.tonCoreTxPerSec = decode.referenceTxPerSec;
  const kafka = report.kafka as Record<string, unknown> | undefined;
  if (kafka) {
    kafka.consumePerSec = kafka.consumeRecordsPerSec;
    kafka.producePerSec = kafka.produceRecordsPerSec;
  }
  const e2e = report.e2e as Record<string, unknown> | undefined;
  if (e2e?.maxRssMbByStage) report.rss = { maxMbByStage: e2e.maxRssMbByStage };
  mkdirSync(dirname(values.json!), { recursive: true });
  writeFileSync(values.json!, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${values.json}`);
}

await main();
