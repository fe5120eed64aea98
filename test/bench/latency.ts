/**
 * Latency section: simulated transactions produced to the raw topic at a steady rate (`--latency-rate`, default
 * 500 tx/s) while the pipeline runs in this process (as in the e2e section); per event, the time from the raw
 * record's Kafka append to the state stage's commit of that event.
 *
 * The raw topic uses LogAppendTime, so a record's timestamp is the broker's append time. A probe consumer reads
 * the raw topic to learn each transaction's append time (by hash); the state stage's `onCommitted` gives the
 * commit time of each event it applied (it runs right after the PostgreSQL COMMIT and the post-commit sends).
 * Baseline, measured in the same run: append → delivery to that probe consumer through the Kafka port.
 *
 * Measurement starts once the stages have caught up with the start-up backlog (a commit within 1 s of its
 * append), lasts `--latency-seconds` (default 20), and covers the events of transactions appended in that window.
 */
import type { IncomingBatch } from '../../connectors/kafka/index.js';
import { encodeRawRecord } from '../../schemas/records/raw-transaction.js';
import { type CommittedBatch, PipelineHarness } from './pipeline-harness.js';
import type { BenchSection, SectionResult } from './section.js';
import { benchEndpoints, percentile, sleep } from './services.js';
import { readSimulation, simulationFile } from './sim-data.js';

const TICK_MS = 10;
const CATCH_UP_MS = 1000;
const CATCH_UP_TIMEOUT_MS = 60_000;

export const latencySection: BenchSection = {
  name: 'latency',
  description: 'Kafka append of a raw transaction → state stage commit of its events, at a steady rate',
  async run(options): Promise<SectionResult> {
    const { latencyRate: rate, latencySeconds: seconds } = options.sizes;
    // Enough transactions for the catch-up phase at its longest and the measured window.
    const needed = Math.ceil(rate * (seconds + CATCH_UP_TIMEOUT_MS / 1000 + 5));
    const endpoints = await benchEndpoints();
    const file = await simulationFile(Math.max(needed, options.sizes.e2eTransactions), options.log);
    const harness = await PipelineHarness.create(endpoints, 'bench_lat', {
      'message.timestamp.type': 'LogAppendTime',
    });
    options.log(`latency: ${rate} tx/s for ${seconds} s, namespace ${harness.namespace}`);

    const appendedAt = new Map<string, number>();
    const deliveryMs: { appended: number; ms: number }[] = [];
    let caughtUpAt: number | null = null;
    // Where the time goes, per event: decode fetch, event record creation (decode's send), state fetch.
    const decodeFetchedAt = new Map<string, number>();
    const eventStages = new Map<string, { decodeFetched: number; created: number; stateFetched: number }>();
    const stageCommits: { eventId: string; hash: string; at: number }[] = [];
    const onCommitted = (batch: CommittedBatch) => {
      const derived = new Set(batch.outputs.derived);
      for (const e of batch.outputs.events) {
        if (derived.has(e)) continue;
        stageCommits.push({ eventId: e.eventId, hash: e.hash, at: batch.at });
      }
      // Caught up: the batch's newest event was appended less than a second ago.
      const last = batch.outputs.events[batch.outputs.events.length - 1];
      const appended = last ? appendedAt.get(last.hash) : undefined;
      if (caughtUpAt === null && appended !== undefined && batch.at - appended < CATCH_UP_MS)
        caughtUpAt = batch.at;
    };
    const probe = harness.kafka.consumer({ groupId: `${harness.namespace}-probe` });
    try {
      await probe.connect();
      await probe.run({
        topics: [harness.topics.raw],
        fromBeginning: true,
        eachBatch: async (batch: IncomingBatch) => {
          const now = Date.now();
          for (const r of batch.records) {
            const at = Number(r.timestamp);
            appendedAt.set((JSON.parse(r.value!.toString('utf8')) as { hash: string }).hash, at);
            deliveryMs.push({ appended: at, ms: now - at });
          }
        },
      });
      await harness.startStages(file.contracts, {
        onDecodeBatch: (batch, at) => {
          for (const r of batch.records) decodeFetchedAt.set(`${r.partition}@${r.offset}`, at);
        },
        onStateBatch: (batch, at) => {
          for (const r of batch.records) {
            const source = r.headers['source-offset'];
            const decodedAt = source ? decodeFetchedAt.get(source) : undefined;
            if (decodedAt !== undefined) {
              eventStages.set(r.headers['event-id'] ?? '', {
                decodeFetched: decodedAt,
                created: Number(r.timestamp),
                stateFetched: at,
              });
            }
          }
        },
        onCommitted: (batch: CommittedBatch) => onCommitted(batch),
      });

      // Steady production: each tick sends what is due since the start, so a slow send does not lower the rate.
      const producer = harness.kafka.producer();
      await producer.connect();
      const records = readSimulation(file, needed);
      let sent = 0;
      let windowStart: number | null = null;
      let windowEnd = Number.POSITIVE_INFINITY;
      const startedAt = performance.now();
      try {
        for (;;) {
          const now = Date.now();
          if (windowStart === null && caughtUpAt !== null) {
            windowStart = now;
            windowEnd = now + seconds * 1000;
            options.log(
              `  caught up after ${((performance.now() - startedAt) / 1000).toFixed(1)} s; measuring`,
            );
          }
          if (now >= windowEnd) break;
          if (windowStart === null && performance.now() - startedAt > CATCH_UP_TIMEOUT_MS)
            throw new Error(
              `the pipeline did not keep up with ${rate} tx/s within ${CATCH_UP_TIMEOUT_MS / 1000} s`,
            );
          const due = Math.floor(((performance.now() - startedAt) / 1000) * rate) - sent;
          if (due > 0) {
            const batch = [];
            for (let i = 0; i < due; i++) {
              const next = await records.next();
              if (next.done) throw new Error(`ran out of simulated transactions after ${sent}`);
              batch.push(next.value);
            }
            await producer.send(harness.topics.raw, batch.map(encodeRawRecord));
            sent += batch.length;
          }
          await sleep(TICK_MS);
        }
      } finally {
        await records.return(undefined);
        await producer.disconnect();
      }
      const producedSeconds = (performance.now() - startedAt) / 1000;
      await harness.drain(options.log, 60_000);
      // The probe may trail the state stage; every measured commit needs its append time.
      for (let i = 0; i < 100 && appendedAt.size < sent; i++) await sleep(100);

      const start = windowStart!;
      const inWindow = (t: number) => t >= start && t < windowEnd;
      const latencies: number[] = [];
      let unknown = 0;
      for (const c of stageCommits) {
        const appended = appendedAt.get(c.hash);
        if (appended === undefined) unknown++;
        else if (inWindow(appended)) latencies.push(c.at - appended);
      }
      if (unknown > 0)
        throw new Error(`${unknown} committed events of transactions the probe consumer never saw`);
      if (latencies.length === 0)
        throw new Error('no events committed for transactions of the measured window');
      latencies.sort((a, b) => a - b);
      const delivery = deliveryMs
        .filter((d) => inWindow(d.appended))
        .map((d) => d.ms)
        .sort((a, b) => a - b);
      const windowTx = [...appendedAt.values()].filter(inWindow).length;
      const f = (n: number) => Math.round(n);
      const parts = {
        toDecode: [] as number[],
        decode: [] as number[],
        toState: [] as number[],
        state: [] as number[],
      };
      for (const c of stageCommits) {
        const appended = appendedAt.get(c.hash);
        const st = eventStages.get(c.eventId);
        if (appended === undefined || !inWindow(appended) || !st) continue;
        parts.toDecode.push(st.decodeFetched - appended);
        parts.decode.push(st.created - st.decodeFetched);
        parts.toState.push(st.stateFetched - st.created);
        parts.state.push(c.at - st.stateFetched);
      }
      for (const list of Object.values(parts)) list.sort((a, b) => a - b);
      const p = (list: number[]) => `p50 ${f(percentile(list, 50))} / p99 ${f(percentile(list, 99))}`;
      return {
        rows: [
          { label: 'target rate', value: rate, unit: 'tx/s' },
          { label: 'achieved rate in the window', value: f(windowTx / seconds), unit: 'tx/s' },
          {
            label: 'transactions produced in all',
            value: sent,
            unit: `(over ${producedSeconds.toFixed(1)} s)`,
          },
          { label: 'events measured (window)', value: latencies.length },
          { label: 'append → state commit p50', value: f(percentile(latencies, 50)), unit: 'ms' },
          { label: 'append → state commit p99', value: f(percentile(latencies, 99)), unit: 'ms' },
          { label: 'append → state commit max', value: f(latencies[latencies.length - 1]!), unit: 'ms' },
          { label: '  raw append → decode stage fetch', value: p(parts.toDecode), unit: 'ms' },
          { label: '  decode fetch → event record created', value: p(parts.decode), unit: 'ms' },
          { label: '  event record created → state stage fetch', value: p(parts.toState), unit: 'ms' },
          { label: '  state fetch → commit (onCommitted)', value: p(parts.state), unit: 'ms' },
          { label: 'baseline: append → port consumer p50', value: f(percentile(delivery, 50)), unit: 'ms' },
          { label: 'baseline: append → port consumer p99', value: f(percentile(delivery, 99)), unit: 'ms' },
        ],
        metrics: {
          rate,
          seconds,
          achievedTxPerSec: f(windowTx / seconds),
          events: latencies.length,
          p50Ms: f(percentile(latencies, 50)),
          p99Ms: f(percentile(latencies, 99)),
          maxMs: f(latencies[latencies.length - 1]!),
          baselineP50Ms: f(percentile(delivery, 50)),
          baselineP99Ms: f(percentile(delivery, 99)),
          appendToDecodeFetchP50Ms: f(percentile(parts.toDecode, 50)),
          decodeFetchToEventCreatedP50Ms: f(percentile(parts.decode, 50)),
          eventCreatedToStateFetchP50Ms: f(percentile(parts.toState, 50)),
          stateFetchToCommitP50Ms: f(percentile(parts.state, 50)),
        },
      };
    } finally {
      await probe.disconnect().catch(() => {});
      await harness.close(options.log);
    }
  },
};
