import { from, lastValueFrom, toArray } from 'rxjs';
import { deadLetterRecord } from '../../connectors/kafka/dead-letter.js';
import type {
  ConsumerPort,
  IncomingBatch,
  KafkaPort,
  OutgoingRecord,
  ProducerPort,
} from '../../connectors/kafka/port.js';
import { decodeRecords } from '../../operators/decode/decode-records.js';
import { enrichOutcomes, type EnrichedOutcome } from '../../operators/enrich/enrich-outcomes.js';
import type { ContractMap } from '../../schemas/contracts/contract-map.js';
import { enrichedEventToJson } from '../../schemas/events/enriched-event.js';
import type { ReferenceData } from '../../schemas/reference/index.js';
import type { StageContext } from '../runtime/context.js';
import { errorClass } from '../runtime/errors.js';
import { phaseClock } from '../runtime/metrics.js';
import { retry } from '../runtime/retry.js';

export const DECODE_STAGE = 'decode';
const DECODE_PARTITIONS_AT_ONCE = 4;

export interface DecodeStageOptions {
  kafka: KafkaPort;
  contracts: ContractMap;
  reference: ReferenceData;
  /** Consumer group; default `<namespace>-decode`. */
  groupId?: string;
  topics?: { raw: string; events: string; dlq: string };
}

/**
 * Turns one batch of raw records into the records to produce: enriched events keyed by the contract whose
 * state they change, and dead letters with the original bytes. Pure apart from logging and metrics.
 */
export async function processDecodeBatch(
  batch: IncomingBatch,
  opts: { contracts: ContractMap; reference: ReferenceData; ctx: StageContext },
): Promise<{
  events: OutgoingRecord[];
  deadLetters: OutgoingRecord[];
  ignored: number;
  outcomes: EnrichedOutcome[];
}> {
  const outcomes = await lastValueFrom(
    from(batch.records).pipe(decodeRecords(opts.contracts), enrichOutcomes(opts.reference), toArray()),
  );
  const events: OutgoingRecord[] = [];
  const deadLetters: OutgoingRecord[] = [];
  let ignored = 0;
  for (const o of outcomes) {
    if (o.type === 'decoded') {
      for (const e of o.enriched) {
        events.push({
          key: e.stateOwner,
          value: JSON.stringify(enrichedEventToJson(e)),
          headers: {
            'event-type': e.type,
            'event-id': e.eventId,
            'source-offset': `${o.record.partition}@${o.record.offset}`,
          },
        });
      }
    } else if (o.type === 'ignored') {
      ignored++;
    } else {
      const position = `${o.record.topic}/${o.record.partition}@${o.record.offset}`;
      opts.ctx.logger.warn(
        { position, errorClass: errorClass(o.error), err: o.error },
        'record sent to the dead-letter topic',
      );
      opts.ctx.metrics.errors.inc({ stage: DECODE_STAGE, class: errorClass(o.error) });
      deadLetters.push(
        deadLetterRecord({
          stage: DECODE_STAGE,
          original: o.record.value ?? Buffer.alloc(0),
          key: o.record.key,
          position,
          error: o.error,
          headers: o.record.headers,
        }),
      );
    }
  }
  return { events, deadLetters, ignored, outcomes };
}

/**
 * The decode stage: ton.transactions.v1 → decode → enrich → tonsurance.events.v1 (+ DLQ). Offsets are
 * committed only after every produced record of the batch is acknowledged, so a crash re-decodes (the same
 * deterministic event ids) rather than loses.
 */
export async function runDecodeStage(
  ctx: StageContext,
  opts: DecodeStageOptions,
): Promise<{ consumer: ConsumerPort; producer: ProducerPort }> {
  const topics = opts.topics ?? {
    raw: ctx.config.kafka.topics.raw,
    events: ctx.config.kafka.topics.events,
    dlq: ctx.config.kafka.topics.rawDlq,
  };
  const producer = opts.kafka.producer();
  await producer.connect();
  const consumer = opts.kafka.consumer({ groupId: opts.groupId ?? `${ctx.config.namespace}-decode` });
  await consumer.connect();
  ctx.shutdown.onShutdown('decode producer', () => producer.disconnect());
  ctx.shutdown.onShutdown('decode consumer', () => consumer.disconnect());

  await consumer.run({
    topics: [topics.raw],
    // Partitions are independent here: one decodes while another's events are being acknowledged.
    partitionsConcurrently: DECODE_PARTITIONS_AT_ONCE,
    eachBatch: async (batch, control) => {
      if (!batch.records.length) return;
      const started = performance.now();
      const lap = phaseClock(ctx.metrics, DECODE_STAGE);
      const { events, deadLetters, ignored } = await processDecodeBatch(batch, {
        contracts: opts.contracts,
        reference: opts.reference,
        ctx,
      });
      lap('decode');
      await retry(
        () =>
          producer.sendMany([
            { topic: topics.events, records: events },
            { topic: topics.dlq, records: deadLetters },
          ]),
        {
          signal: ctx.signal,
          onRetry: (err, attempt) =>
            ctx.logger.warn({ err, attempt }, 'producing decoded events failed, retrying'),
        },
      );
      lap('produce');
      const last = batch.records[batch.records.length - 1]!;
      await control.commit([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
      ]);
      await control.heartbeat();
      lap('commit');
      ctx.metrics.recordsIn.inc({ stage: DECODE_STAGE }, batch.records.length);
      ctx.metrics.recordsOut.inc({ stage: DECODE_STAGE, topic: topics.events }, events.length);
      ctx.metrics.dlq.inc({ stage: DECODE_STAGE }, deadLetters.length);
      ctx.metrics.batchSize.observe({ stage: DECODE_STAGE }, batch.records.length);
      ctx.metrics.batchSeconds.observe({ stage: DECODE_STAGE }, (performance.now() - started) / 1000);
      ctx.metrics.consumerLag.set(
        { stage: DECODE_STAGE, topic: batch.topic, partition: String(batch.partition) },
        Number(BigInt(batch.highWatermark) - BigInt(last.offset) - 1n),
      );
      ctx.logger.debug(
        {
          partition: batch.partition,
          records: batch.records.length,
          events: events.length,
          deadLetters: deadLetters.length,
          ignored,
          ms: Math.round(performance.now() - started),
        },
        'decoded batch',
      );
    },
  });
  return { consumer, producer };
}
