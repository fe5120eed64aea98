/**
 * Decoded events of simulated transactions, as the decode stage publishes them (enriched event JSON), for the
 * sections that write events without running Kafka.
 */
import type { IncomingRecord } from '../../connectors/kafka/port.js';
import { processDecodeBatch } from '../../pipelines/stages/decode-stage.js';
import { encodeRawRecord, type RawTransactionRecord } from '../../schemas/records/raw-transaction.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { testContext } from '../support/context.js';
import { simulationBatches, type SimulationFile } from './sim-data.js';

/** A raw record as a consumer of the raw topic sees it. */
export function incomingRawRecord(
  record: RawTransactionRecord,
  topic: string,
  offset: number,
): IncomingRecord {
  const out = encodeRawRecord(record);
  return {
    topic,
    partition: 0,
    offset: String(offset),
    key: Buffer.from(record.account),
    value: Buffer.from(out.value as string),
    headers: out.headers ?? {},
    timestamp: String(Date.now()),
  };
}

/**
 * The event JSON strings of the first transactions of `file`, until `wanted` events (or the file's end).
 * Returns them with the number of transactions decoded.
 */
export async function decodedEventJson(
  file: SimulationFile,
  wanted: number,
): Promise<{ events: string[]; transactions: number }> {
  const ctx = testContext();
  const reference = defaultReferenceData();
  const events: string[] = [];
  let transactions = 0;
  for await (const batch of simulationBatches(file, file.available, 1000)) {
    const records = batch.map((r, i) => incomingRawRecord(r, 'bench.raw', transactions + i));
    transactions += batch.length;
    const out = await processDecodeBatch(
      { topic: 'bench.raw', partition: 0, records, highWatermark: String(transactions) },
      { contracts: file.contracts, reference, ctx },
    );
    for (const e of out.events) {
      events.push(e.value as string);
      if (events.length >= wanted) return { events, transactions };
    }
  }
  return { events, transactions };
}
