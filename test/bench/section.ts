/**
 * A benchmark section: one measured area (decode, kafka, sinks, end-to-end, latency, memory). Each lives in its
 * own module `test/bench/<name>.ts` and is listed in `SECTIONS` (run.ts). A section returns table rows for
 * the console and flat metrics for the JSON report (`<section>.<metric>`); it reports only what it measured.
 */
export interface BenchOptions {
  /** Timed rounds per measurement; the median is reported. */
  rounds: number;
  /** Minimum duration of one timed round, ms. */
  minRoundMs: number;
  /** Sizes of the pipeline sections (run.ts flags). */
  sizes: BenchSizes;
  log: (line: string) => void;
}

export interface BenchSizes {
  /** 1 KB records per produce/consume pass of the kafka section. */
  kafkaRecords: number;
  /** Event rows per write pass of the sinks section. */
  sinkRows: number;
  /** Simulated transactions through the whole pipeline in the e2e section. */
  e2eTransactions: number;
  /** Steady produce rate (tx/s) and measured duration (s) of the latency section. */
  latencyRate: number;
  latencySeconds: number;
}

export interface BenchRow {
  label: string;
  value: number | string;
  unit?: string;
}

/** A JSON metric: a figure, a label, or a group of figures (e.g. per stage). */
export type MetricValue = number | string | boolean | null | Record<string, number | string | null>;

export interface SectionResult {
  rows: BenchRow[];
  metrics: Record<string, MetricValue>;
}

export interface BenchSection {
  readonly name: string;
  readonly description: string;
  run(options: BenchOptions): Promise<SectionResult>;
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Items per second of `work` over `items`: whole passes over the list until `minRoundMs` has elapsed, so every
 * item weighs the same in every round.
 */
export function timedRound<T>(items: readonly T[], work: (item: T) => void, minRoundMs: number): number {
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const item of items) work(item);
    done += items.length;
    elapsed = performance.now() - start;
  } while (elapsed < minRoundMs);
  return (done / elapsed) * 1000;
}
