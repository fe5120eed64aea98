import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../../pipelines/runtime/errors.js';
import {
  assertRawTransaction,
  decodeRawRecord,
  encodeRawRecord,
  type RawTransactionRecord,
} from './raw-transaction.js';

const record: RawTransactionRecord = {
  v: 1,
  account: `0:${'ab'.repeat(32)}`,
  lt: '18446744073709551615',
  hash: 'cd'.repeat(32),
  utime: 1700000000,
  boc: 'te6cckEBAQEAAgAAAEysuc0=',
  source: 'replay',
  observedAt: '2026-01-01T00:00:00.000Z',
};

describe('raw transaction record', () => {
  it('round-trips through the Kafka form, source and time as headers', () => {
    const out = encodeRawRecord(record);
    expect(out.key).toBe(record.account);
    expect(out.headers).toEqual({ 'ton-source': 'replay', 'ton-observed-at': '2026-01-01T00:00:00.000Z' });
    expect(decodeRawRecord(Buffer.from(out.value as string), out.headers)).toEqual(record);
  });

  it('gives identical bytes whichever source read the transaction', () => {
    const a = encodeRawRecord({ ...record, source: 'toncenter', observedAt: '2026-01-02T00:00:00Z' });
    const b = encodeRawRecord(record);
    expect(a.value).toEqual(b.value);
  });

  it.each([
    [{ ...record, account: 'EQabc' }, /field account/],
    [{ ...record, lt: 12 }, /field lt/],
    [{ ...record, hash: 'xyz' }, /field hash/],
    [{ ...record, extra: 1 }, /must NOT have additional properties/],
    [{ ...record, boc: undefined }, /field boc/],
  ])('rejects invalid records naming the field (%#)', (bad, message) => {
    expect(() => assertRawTransaction(bad)).toThrow(message);
    expect(() => assertRawTransaction(bad)).toThrow(SchemaValidationError);
  });

  it('rejects non-JSON values with a typed error', () => {
    expect(() => decodeRawRecord(Buffer.from('{nope'))).toThrow(SchemaValidationError);
    expect(() => decodeRawRecord(null)).toThrow(/empty/);
  });
});
