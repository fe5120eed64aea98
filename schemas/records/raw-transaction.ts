import { Ajv } from 'ajv';
import type { OutgoingRecord } from '../../connectors/kafka/port.js';
import { SchemaValidationError } from '../../pipelines/runtime/errors.js';
import schema from './raw-transaction.v1.schema.json' with { type: 'json' };

export const RAW_TRANSACTION_SCHEMA = schema;

export type RawSource = 'toncenter' | 'replay' | 'simulator';

/** A raw transaction as the sources publish it (see raw-transaction.v1.schema.json). */
export interface RawTransactionRecord {
  v: 1;
  account: string;
  lt: string;
  hash: string;
  utime: number;
  boc: string;
  source?: RawSource;
  observedAt?: string;
}

const ajv = new Ajv({ allErrors: false, strict: true, formats: { 'date-time': true } });
const validate = ajv.compile<RawTransactionRecord>(schema);

/** Validates a parsed object against the schema; the error names the field and the record. */
export function assertRawTransaction(value: unknown, where = 'record'): RawTransactionRecord {
  if (validate(value)) return value;
  const e = validate.errors?.[0];
  const field = e?.instancePath
    ? e.instancePath.slice(1).replace(/\//g, '.')
    : e?.params && 'missingProperty' in e.params
      ? String(e.params.missingProperty)
      : '(root)';
  const id =
    typeof value === 'object' && value ? `${(value as any).account ?? '?'}:${(value as any).lt ?? '?'}` : '?';
  throw new SchemaValidationError(
    `invalid raw transaction ${where} ${id}: field ${field} ${e?.message ?? 'is invalid'}`,
    {
      field,
      record: id,
    },
  );
}

export const HEADER_SOURCE = 'ton-source';
export const HEADER_OBSERVED_AT = 'ton-observed-at';

/**
 * Kafka form: key = account; value = the canonical JSON of the transaction fields in a fixed order, so two
 * sources produce the same bytes for the same transaction; source and observation time as headers.
 */
export function encodeRawRecord(record: RawTransactionRecord): OutgoingRecord {
  const value = JSON.stringify({
    v: 1,
    account: record.account,
    lt: record.lt,
    hash: record.hash,
    utime: record.utime,
    boc: record.boc,
  });
  const headers: Record<string, string> = {};
  if (record.source) headers[HEADER_SOURCE] = record.source;
  if (record.observedAt) headers[HEADER_OBSERVED_AT] = record.observedAt;
  return { key: record.account, value, headers };
}

/** Parses and validates a Kafka value (+ headers) back into a record. Throws `SchemaValidationError`. */
export function decodeRawRecord(
  value: Buffer | string | null,
  headers: Record<string, string> = {},
  where = 'record',
): RawTransactionRecord {
  if (value === null) throw new SchemaValidationError(`empty raw transaction ${where}`, { field: '(value)' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (err) {
    throw new SchemaValidationError(`raw transaction ${where} is not JSON: ${(err as Error).message}`, {
      field: '(value)',
    });
  }
  if (parsed && typeof parsed === 'object') {
    const src = headers[HEADER_SOURCE];
    const at = headers[HEADER_OBSERVED_AT];
    if (src && !('source' in parsed)) (parsed as any).source = src;
    if (at && !('observedAt' in parsed)) (parsed as any).observedAt = at;
  }
  return assertRawTransaction(parsed, where);
}
