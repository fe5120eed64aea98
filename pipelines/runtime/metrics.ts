import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics every stage shares (one registry per process). Label sets are small and fixed:
 * stage, topic, error class, sink, table.
 */
export interface Metrics {
  registry: Registry;
  recordsIn: Counter<'stage'>;
  recordsOut: Counter<'stage' | 'topic'>;
  errors: Counter<'stage' | 'class'>;
  windowDropped: Counter<'stage' | 'window'>;
  dlq: Counter<'stage'>;
  batchSize: Histogram<'stage'>;
  batchSeconds: Histogram<'stage'>;
  consumerLag: Gauge<'stage' | 'topic' | 'partition'>;
  sourceLag: Gauge<'address'>;
  alerts: Counter<'rule' | 'state'>;
  driftResults: Gauge<'status'>;
  driftAbs: Gauge<'address' | 'metric'>;
  /** Seconds spent in each phase of batch handling (where a stage's time goes). */
  phaseSeconds: Counter<'stage' | 'phase'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'tonstream_' });
  const registers = [registry];
  return {
    registry,
    recordsIn: new Counter({
      name: 'tonstream_records_in_total',
      help: 'records consumed',
      labelNames: ['stage'],
      registers,
    }),
    recordsOut: new Counter({
      name: 'tonstream_records_out_total',
      help: 'records produced or written',
      labelNames: ['stage', 'topic'],
      registers,
    }),
    errors: new Counter({
      name: 'tonstream_errors_total',
      help: 'errors by class',
      labelNames: ['stage', 'class'],
      registers,
    }),
    phaseSeconds: new Counter({
      name: 'tonstream_phase_seconds_total',
      help: 'seconds spent per phase of batch handling',
      labelNames: ['stage', 'phase'],
      registers,
    }),
    windowDropped: new Counter({
      name: 'tonstream_window_dropped_late_total',
      help: 'observations left out of event-time windows already dropped after retention',
      labelNames: ['stage', 'window'],
      registers,
    }),
    dlq: new Counter({
      name: 'tonstream_dlq_total',
      help: 'records sent to a dead-letter topic',
      labelNames: ['stage'],
      registers,
    }),
    batchSize: new Histogram({
      name: 'tonstream_batch_size',
      help: 'records per batch',
      labelNames: ['stage'],
      buckets: [1, 10, 100, 500, 1000, 5000, 10000, 50000],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'tonstream_batch_seconds',
      help: 'batch processing time',
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 1, 2, 5, 10],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'tonstream_consumer_lag',
      help: 'high watermark minus committed offset',
      labelNames: ['stage', 'topic', 'partition'],
      registers,
    }),
    sourceLag: new Gauge({
      name: 'tonstream_source_lag_lt',
      help: 'last lt seen on chain minus last published lt',
      labelNames: ['address'],
      registers,
    }),
    alerts: new Counter({
      name: 'tonstream_alerts_total',
      help: 'alert transitions emitted',
      labelNames: ['rule', 'state'],
      registers,
    }),
    driftResults: new Gauge({
      name: 'tonstream_drift_results',
      help: 'metrics of the last drift check by status',
      labelNames: ['status'],
      registers,
    }),
    driftAbs: new Gauge({
      name: 'tonstream_drift_abs',
      help: 'absolute drift of the last check (nanoTON or count)',
      labelNames: ['address', 'metric'],
      registers,
    }),
  };
}

/** `/metrics`, `/healthz` (process alive) and `/readyz` (the stage says it is ready). */
export async function serveMetrics(metrics: Metrics, port: number, isReady: () => boolean): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.setHeader('content-type', metrics.registry.contentType);
      res.end(await metrics.registry.metrics());
    } else if (req.url === '/healthz') {
      res.end('ok');
    } else if (req.url === '/readyz') {
      const ready = isReady();
      res.statusCode = ready ? 200 : 503;
      res.end(ready ? 'ready' : 'not ready');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(port, '127.0.0.1', resolve),
  );
  return server;
}

/**
 * Splits one batch's handling into named phases: each `lap(phase)` adds the time since the previous lap (or
 * since creation) to `tonstream_phase_seconds_total{stage,phase}`.
 */
export function phaseClock(metrics: Metrics, stage: string): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    metrics.phaseSeconds.inc({ stage, phase }, (now - last) / 1000);
    last = now;
  };
}
