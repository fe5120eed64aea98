import type { Source, SourceBatch } from '../connectors/lifecycle.js';
import { deadLetterRecord } from '../connectors/kafka/dead-letter.js';
import type { ProducerPort } from '../connectors/kafka/port.js';
import { encodeRawRecord, type RawTransactionRecord } from '../schemas/records/raw-transaction.js';
import type { StageContext } from './runtime/context.js';
import { errorClass } from './runtime/errors.js';
import { retry } from './runtime/retry.js';

export interface SourceRunSummary {
  published: number;
  rejected: number;
  batches: number;
}

/**
 * The source pipeline: source → ton.transactions.v1 (key = account), rejected inputs → the DLQ with their
 * original bytes. A batch's records and rejections are acknowledged by Kafka (acks=all, idempotent producer)
 * before the source may advance its cursor.
 */
export async function runSourcePipeline(
  source: Source<RawTransactionRecord>,
  opts: {
    producer: ProducerPort;
    topic: string;
    dlqTopic: string;
    ctx: StageContext;
    onBatch?: (summary: SourceRunSummary) => void;
  },
): Promise<SourceRunSummary> {
  const { ctx } = opts;
  const stage = `source-${source.name}`;
  const summary: SourceRunSummary = { published: 0, rejected: 0, batches: 0 };
  await source.connect();
  try {
    for (;;) {
      const batch: SourceBatch<RawTransactionRecord> | null = await source.readBatch(ctx.signal);
      if (!batch) break;
      const started = performance.now();
      const dlq = batch.rejected.map((r) => {
        ctx.logger.warn(
          { position: r.position, errorClass: errorClass(r.error), err: r.error },
          'input rejected to the dead-letter topic',
        );
        ctx.metrics.errors.inc({ stage, class: errorClass(r.error) });
        return deadLetterRecord({
          stage,
          original: r.original,
          key: r.key,
          position: r.position,
          error: r.error,
        });
      });
      await retry(
        () =>
          opts.producer.sendMany([
            { topic: opts.topic, records: batch.records.map(encodeRawRecord) },
            { topic: opts.dlqTopic, records: dlq },
          ]),
        {
          signal: ctx.signal,
          onRetry: (err, attempt, delayMs) =>
            ctx.logger.warn({ err, attempt, delayMs }, 'publishing failed, retrying'),
        },
      );
      await source.commit(batch);
      summary.published += batch.records.length;
      summary.rejected += batch.rejected.length;
      summary.batches++;
      ctx.metrics.recordsOut.inc({ stage, topic: opts.topic }, batch.records.length);
      ctx.metrics.dlq.inc({ stage }, batch.rejected.length);
      ctx.metrics.batchSize.observe({ stage }, batch.records.length);
      ctx.metrics.batchSeconds.observe({ stage }, (performance.now() - started) / 1000);
      opts.onBatch?.(summary);
    }
  } finally {
    await source.close();
  }
  return summary;
}
