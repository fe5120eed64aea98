/**
 * End-to-end section: N simulated transactions (`--e2e-transactions`, default 100,000) are first produced to a
 * fresh raw topic; then the decode stage, the state stage (PostgreSQL, ClickHouse snapshots) and the ClickHouse
 * events stage run in this process, as `tonstream run` wires them, over that backlog.
 *
 * Sustained rate: N / (state stage's last commit − decode stage's first fetched batch). Baseline, measured here
 * on the same topic just before: the raw consume rate of a bare consumer through the Kafka port (first batch to
 * last record). Peak RSS of the process is sampled every 100 ms while the stages run.
 *
 * The run fails unless PostgreSQL's events table holds exactly the events the decode stage produced and
 * ClickHouse's events table the same number: a pipeline that lost data has no throughput.
 */
import { consumePort } from './kafka.js';
import { PipelineHarness } from './pipeline-harness.js';
import type { BenchSection, SectionResult } from './section.js';
import { benchEndpoints, rssSampler } from './services.js';
import { simulationBatches, simulationFile } from './sim-data.js';

const PRODUCE_BATCH = 1000;

export const e2eSection: BenchSection = {
  name: 'e2e',
  description: 'simulated transactions: raw topic → decode → state → PostgreSQL + ClickHouse, one process',
  async run(options): Promise<SectionResult> {
    const n = options.sizes.e2eTransactions;
    const endpoints = await benchEndpoints();
    const file = await simulationFile(n, options.log);
    const harness = await PipelineHarness.create(endpoints, 'bench_e2e');
    options.log(`e2e: ${n} transactions from ${file.path}, namespace ${harness.namespace}`);
    try {
      const produced = await harness.produceRaw(simulationBatches(file, n, PRODUCE_BATCH));
      options.log(`  produced ${produced.transactions} raw records at ${Math.round(produced.txPerSec)} tx/s`);
      const raw = await consumePort(harness.kafka, harness.topics.raw, `${harness.namespace}-raw-read`, n);
      options.log(`  raw consume through the port: ${Math.round(raw.recordsPerSec)} records/s`);

      const rss = rssSampler(100);
      const started = performance.now();
      await harness.startStages(file.contracts);
      const decodedEvents = await harness.drain(options.log);
      const stateDoneAt = harness.lastStateCommitAt;
      const firstAt = harness.firstDecodeBatchAt ?? started;
      const seconds = (stateDoneAt - firstAt) / 1000;
      const txPerSec = n / seconds;
      options.log(
        `  state stage committed ${decodedEvents} events; ${Math.round(txPerSec)} tx/s over ${seconds.toFixed(1)} s (stage start to first batch ${Math.round(firstAt - started)} ms)`,
      );
      const clickhouseRows = await harness.waitForClickHouse(decodedEvents);
      const clickhouseDoneSeconds = (performance.now() - firstAt) / 1000;
      const peakRssMb = rss.stop() / (1024 * 1024);

      const work = await harness.stageWork();
      // Stages that time their batches (the ClickHouse events stage counts records only).
      const workRows = [...work]
        .filter(([, w]) => w.batches > 0)
        .map(([stage, w]) => ({
          label: `stage ${stage}: busy in batches`,
          value: w.busySeconds.toFixed(1),
          unit: `s, ${w.batches} batches, ${Math.round(w.records / Math.max(1, w.batches))} records/batch`,
        }));
      const pgCounts = await harness.postgresEventCounts();
      const deadLetters = (await harness.topicRecords(harness.topics.rawDlq)).total;
      if (pgCounts.decoded !== decodedEvents)
        throw new Error(
          `data lost: PostgreSQL events holds ${pgCounts.decoded} decoded events, the decode stage produced ${decodedEvents}`,
        );
      if (clickhouseRows !== decodedEvents)
        throw new Error(
          `data lost: ClickHouse events holds ${clickhouseRows} rows, the decode stage produced ${decodedEvents}`,
        );

      const f = (x: number) => Math.round(x);
      const ratio = txPerSec / raw.recordsPerSec;
      return {
        rows: [
          { label: 'transactions', value: n },
          { label: 'decoded events (= PostgreSQL = ClickHouse rows)', value: decodedEvents },
          { label: 'derived events (PolicyExpired)', value: pgCounts.derived },
          { label: 'raw dead letters', value: deadLetters },
          { label: 'raw produce through the port', value: f(produced.txPerSec), unit: 'tx/s' },
          { label: 'raw consume through the port (baseline)', value: f(raw.recordsPerSec), unit: 'tx/s' },
          {
            label: 'pipeline, first raw batch → last state commit',
            value: f(txPerSec),
            unit: `tx/s (${seconds.toFixed(1)} s)`,
          },
          { label: 'pipeline / raw consume', value: ratio.toFixed(3), unit: '×' },
          { label: 'ClickHouse events complete after', value: clickhouseDoneSeconds.toFixed(1), unit: 's' },
          { label: 'peak RSS while the stages ran', value: f(peakRssMb), unit: 'MB' },
          ...workRows,
        ],
        metrics: {
          transactions: n,
          decodedEvents,
          derivedEvents: pgCounts.derived,
          deadLetters,
          rawProduceTxPerSec: f(produced.txPerSec),
          rawConsumeTxPerSec: f(raw.recordsPerSec),
          txPerSec: f(txPerSec),
          ratioToRawConsume: Number(ratio.toFixed(4)),
          clickhouseCompleteSeconds: Number(clickhouseDoneSeconds.toFixed(1)),
          peakRssMb: f(peakRssMb),
          ...Object.fromEntries(
            [...work]
              .filter(([, w]) => w.batches > 0)
              .map(([stage, w]) => [`${stage}BusySeconds`, Number(w.busySeconds.toFixed(2))]),
          ),
        },
      };
    } finally {
      await harness.close(options.log);
    }
  },
};
