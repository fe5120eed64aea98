/**
 * End-to-end section: N simulated transactions (`--e2e-transactions`, default 100,000; the issue's size is
 * 1,000,000) are first produced to a fresh raw topic; then the decode stage, the state stage (PostgreSQL,
 * ClickHouse snapshots) and the ClickHouse events stage run over that backlog, each as its own process exactly
 * as deployed (`tonstream stage decode|state|clickhouse`, compiled JavaScript), in a fresh namespace.
 *
 * Sustained rate: N / (end of the state stage's last committed batch − start of the decode stage's first batch),
 * both from the stages' own log lines. Baseline, measured on the same topic just before: the raw consume rate of
 * a bare consumer through the Kafka port. Peak RSS per stage is the kernel's high-water mark of each process.
 *
 * The run fails unless PostgreSQL's events table holds exactly the events the decode stage produced and
 * ClickHouse's events table the same number: a pipeline that lost data has no throughput.
 */
import { createServer } from 'node:net';
import { createPool } from '../../connectors/postgres/index.js';
import { consumePort } from './kafka.js';
import { PipelineHarness } from './pipeline-harness.js';
import type { BenchSection, SectionResult } from './section.js';
import { benchEndpoints } from './services.js';
import { simulationBatches, simulationFile } from './sim-data.js';
import { buildStages, cpuSecondsByGroup, StageProcess } from './stage-processes.js';

const PRODUCE_BATCH = 1000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export const e2eSection: BenchSection = {
  name: 'e2e',
  description:
    'simulated transactions: raw topic → decode → state → PostgreSQL + ClickHouse, one process per stage',
  async run(options): Promise<SectionResult> {
    const n = options.sizes.e2eTransactions;
    const endpoints = await benchEndpoints();
    buildStages(options.log);
    const file = await simulationFile(n, options.log);
    const harness = await PipelineHarness.create(endpoints, 'bench_e2e');
    options.log(`e2e: ${n} transactions from ${file.path}, namespace ${harness.namespace}`);
    const stages: StageProcess[] = [];
    const pool = createPool(endpoints.databaseUrl, harness.namespace, 1);
    try {
      const produced = await harness.produceRaw(simulationBatches(file, n, PRODUCE_BATCH));
      options.log(`  produced ${produced.transactions} raw records at ${Math.round(produced.txPerSec)} tx/s`);
      const raw = await consumePort(harness.kafka, harness.topics.raw, `${harness.namespace}-raw-read`, n);
      options.log(`  raw consume through the port: ${Math.round(raw.recordsPerSec)} records/s`);

      const env = {
        KAFKA_BROKERS: endpoints.kafkaBrokers,
        DATABASE_URL: endpoints.databaseUrl,
        CLICKHOUSE_URL: endpoints.clickhouseUrl,
      };
      const common = ['--namespace', harness.namespace];
      // State and ClickHouse first: they migrate their stores and then wait for events.
      stages.push(
        await StageProcess.start({
          name: 'state',
          args: ['state', '--contracts', file.contractsPath, ...common],
          env,
          metricsPort: await freePort(),
          batchMessage: 'state batch committed',
        }),
        await StageProcess.start({
          name: 'clickhouse',
          args: ['clickhouse', ...common],
          env,
          metricsPort: await freePort(),
          batchMessage: 'clickhouse batch',
        }),
        await StageProcess.start({
          name: 'decode',
          args: ['decode', '--contracts', file.contractsPath, ...common],
          env,
          metricsPort: await freePort(),
          batchMessage: 'decoded batch',
        }),
      );
      const [state, , decode] = stages as [StageProcess, StageProcess, StageProcess];
      const cpuBefore = cpuSecondsByGroup(stages);
      const drainStarted = performance.now();
      const decodedEvents = await harness.drain(options.log, 120_000, async () => {
        for (const s of stages) if (!s.running) throw s.failure('exited during the run');
        return harness.stateCommittedInPostgres(pool);
      });
      const firstAt = Math.min(...decode.batches.map((b) => b.startedAt));
      const lastAt = Math.max(...state.batches.map((b) => b.endedAt));
      const seconds = (lastAt - firstAt) / 1000;
      const txPerSec = n / seconds;
      options.log(
        `  state stage committed ${decodedEvents} events; ${Math.round(txPerSec)} tx/s over ${seconds.toFixed(1)} s`,
      );
      const cpuAfter = cpuSecondsByGroup(stages);
      // Servers' CPU counts from stage start, not from the first batch: close enough over a long run.
      const cpu: Record<string, number> = {};
      for (const [group, sec] of cpuAfter)
        cpu[group] = Number((sec - (cpuBefore.get(group) ?? 0)).toFixed(1));
      const cpuTotal = Object.values(cpu).reduce((a, b) => a + b, 0);
      const clickhouseRows = await harness.waitForClickHouse(decodedEvents);
      const clickhouseDoneSeconds = (performance.now() - drainStarted) / 1000;

      const rss: Record<string, number> = {};
      const phaseRows: { label: string; value: string; unit: string }[] = [];
      const phases: Record<string, number> = {};
      const memoryRows: { label: string; value: string; unit: string }[] = [];
      for (const s of stages) {
        rss[s.name] = Math.round(s.peakRssMb() ?? Number.NaN);
        const memory = await s.memoryMb();
        if (memory)
          memoryRows.push({
            label: `  at the end, stage ${s.name}`,
            value: `heap used ${Math.round(memory.heapUsed)}`,
            unit: `MB, external ${Math.round(memory.external)} MB`,
          });
        for (const [phase, sec] of await s.phaseSeconds()) {
          phaseRows.push({ label: `  ${s.name} / ${phase}`, value: sec.toFixed(1), unit: 's' });
          phases[`${s.name}.${phase}`] = Number(sec.toFixed(2));
        }
      }
      for (const s of stages) await s.stop();

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
      const batchRows = [decode, state].map((s) => ({
        label: `stage ${s.name}: batches`,
        value: s.batches.length,
        unit: `(${f(s.batches.reduce((a, b) => a + b.records, 0) / Math.max(1, s.batches.length))} records/batch, busy ${(s.batches.reduce((a, b) => a + b.endedAt - b.startedAt, 0) / 1000).toFixed(1)} s)`,
      }));
      return {
        rows: [
          { label: 'transactions', value: n },
          { label: 'decoded events (= PostgreSQL = ClickHouse rows)', value: decodedEvents },
          { label: 'derived events (PolicyExpired)', value: pgCounts.derived },
          { label: 'raw dead letters', value: deadLetters },
          { label: 'raw produce through the port', value: f(produced.txPerSec), unit: 'tx/s' },
          { label: 'raw consume through the port (baseline)', value: f(raw.recordsPerSec), unit: 'tx/s' },
          {
            label: 'pipeline, first decode batch → last state commit',
            value: f(txPerSec),
            unit: `tx/s (${seconds.toFixed(1)} s)`,
          },
          { label: 'pipeline / raw consume', value: ratio.toFixed(3), unit: '×' },
          { label: 'ClickHouse events complete after', value: clickhouseDoneSeconds.toFixed(1), unit: 's' },
          ...stages.map((s) => ({ label: `peak RSS, stage ${s.name}`, value: rss[s.name]!, unit: 'MB' })),
          ...memoryRows,
          {
            label: 'CPU used during the run (2 cores)',
            value: cpuTotal.toFixed(1),
            unit: `s = ${Object.entries(cpu)
              .sort((a, b) => b[1] - a[1])
              .map(([g, sec]) => `${g} ${sec}`)
              .join(', ')}`,
          },
          ...batchRows,
          ...phaseRows,
        ],
        metrics: {
          transactions: n,
          decodedEvents,
          derivedEvents: pgCounts.derived,
          deadLetters,
          rawProduceTxPerSec: f(produced.txPerSec),
          rawConsumeTxPerSec: f(raw.recordsPerSec),
          rawConsumePerSec: f(raw.recordsPerSec),
          txPerSec: f(txPerSec),
          seconds: Number(seconds.toFixed(1)),
          ratioToRawConsume: Number(ratio.toFixed(4)),
          clickhouseCompleteSeconds: Number(clickhouseDoneSeconds.toFixed(1)),
          maxRssMbByStage: rss,
          cpuSecondsByProcess: cpu,
          phaseSeconds: phases,
        },
      };
    } finally {
      for (const s of stages) await s.stop().catch(() => {});
      await pool.end();
      await harness.close(options.log);
    }
  },
};
