import { map, type OperatorFunction } from 'rxjs';
import type { IncomingRecord } from '../../connectors/kafka/port.js';
import type { ContractMap } from '../../schemas/contracts/contract-map.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { decodeRawRecord, type RawTransactionRecord } from '../../schemas/records/raw-transaction.js';
import { decodeTransactionFast } from './fast/index.js';
import type { TransactionFacts } from './transaction-facts.js';

/** What became of one raw Kafka record. */
export type DecodeOutcome =
  | {
      type: 'decoded';
      record: IncomingRecord;
      raw: RawTransactionRecord;
      facts: TransactionFacts;
      events: CanonicalEvent[];
    }
  /** An account not in the contract map: not ours, recorded as ignored. */
  | { type: 'ignored'; record: IncomingRecord; raw: RawTransactionRecord; reason: string }
  /** Poison: schema-invalid record or undecodable transaction; goes to the DLQ with the original bytes. */
  | { type: 'dead-letter'; record: IncomingRecord; error: unknown };

/** Decodes one record; never throws (every failure is an outcome). */
export function decodeRecord(record: IncomingRecord, contracts: ContractMap): DecodeOutcome {
  let raw: RawTransactionRecord;
  try {
    raw = decodeRawRecord(
      record.value,
      record.headers,
      `${record.topic}/${record.partition}@${record.offset}`,
    );
  } catch (error) {
    return { type: 'dead-letter', record, error };
  }
  const kind = contracts.get(raw.account);
  if (!kind) return { type: 'ignored', record, raw, reason: 'account not in the contract map' };
  try {
    // The zero-copy path: identical output to decodeTransaction (differential test), ~50× faster.
    const { facts, events } = decodeTransactionFast(raw, kind);
    return { type: 'decoded', record, raw, facts, events };
  } catch (error) {
    return { type: 'dead-letter', record, error };
  }
}

/** `decodeRecords(contracts)`: raw Kafka records → decode outcomes, one per record, in order. */
export function decodeRecords(contracts: ContractMap): OperatorFunction<IncomingRecord, DecodeOutcome> {
  return map((record) => decodeRecord(record, contracts));
}
