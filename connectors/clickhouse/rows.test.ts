import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../../pipelines/runtime/errors.js';
import {
  alertRow,
  driftRow,
  eventRow,
  exposureSnapshotRow,
  rawTransactionRow,
  strictU64,
  trancheSnapshotRow,
} from './rows.js';
import {
  ABOVE_2_53,
  alert,
  depositMade,
  driftCheck,
  exposureSnapshot,
  policyCreated,
  trancheSnapshot,
  txHash,
  USER,
  VAULT,
} from './sample-rows.fixture.js';

describe('eventRow', () => {
  it('maps the envelope, product dimensions and amounts', () => {
    const row = eventRow(policyCreated(1));
    expect(row).toMatchObject({
      event_type: 'PolicyCreated',
      kind: 'policy-factory-v2',
      generation: 'v2',
      lt: '47000000000001',
      tx_hash: txHash(2),
      event_index: 0,
      utime: 1_720_000_001,
      op: 1,
      log_id: null,
      is_primary: 1,
      policy_id: '2',
      user: USER,
      coverage_type: 0,
      chain_id: 0,
      stablecoin_id: 0,
      product_type: null,
      product_key: 'depeg:ethereum:usdc',
      product_valid: 1,
      coverage_type_name: 'Depeg',
      coverage_amount: '1000000000000',
      premium: '65753424',
      expected_premium: '65753424',
      premium_mismatch: 0,
      amounts_overflow: 0,
      reference_version: 1,
      version: '1',
    });
    expect(JSON.parse(row.data)).toMatchObject({ coverageAmount: '1000000000000', durationDays: 30 });
  });

  it('keeps amounts above 2^53 exact, as strings', () => {
    const row = eventRow(policyCreated(1, { coverage: ABOVE_2_53, premium: ABOVE_2_53 + 2n }));
    expect(row.coverage_amount).toBe('9007199254740993');
    expect(row.premium).toBe('9007199254740995');
    const json = JSON.stringify(row);
    expect(json).toContain('"coverage_amount":"9007199254740993"');
    const deposit = eventRow(depositMade(1, 18_446_744_073_709_551_615n));
    expect(deposit.amount).toBe('18446744073709551615');
    expect(deposit.tranche_id).toBe(6);
    expect(deposit.tranche_name).toBe('SURE-EQT');
    expect(deposit.user).toBe(USER);
  });

  it('flags amounts beyond UInt64 instead of wrapping them; the exact value stays in data', () => {
    const row = eventRow(depositMade(1, 1n << 70n));
    expect(row.amount).toBeNull();
    expect(row.amounts_overflow).toBe(1);
    expect(JSON.parse(row.data).amount).toBe((1n << 70n).toString());
  });

  it('takes the version from the reference data unless given', () => {
    expect(eventRow(policyCreated(1, { referenceVersion: 3 })).version).toBe('3');
    expect(eventRow(policyCreated(1), { version: ABOVE_2_53 }).version).toBe('9007199254740993');
  });

  it('marks non-primary PolicyCreated copies', () => {
    const e = policyCreated(1);
    expect(eventRow({ ...e, data: { ...e.data, primary: false } }).is_primary).toBe(0);
  });

  it('rejects a malformed envelope with a typed error naming the event', () => {
    const e = policyCreated(1);
    expect(() => eventRow({ ...e, hash: 'xyz' })).toThrow(SchemaValidationError);
    expect(() => eventRow({ ...e, lt: '1e5' })).toThrow(/lt is not a UInt64/);
    expect(() => eventRow({ ...e, utime: -1 })).toThrow(/utime/);
  });
});

describe('snapshot rows', () => {
  it('maps tranche snapshots exactly', () => {
    const row = trancheSnapshotRow(trancheSnapshot());
    expect(row).toMatchObject({
      window_size: '1h',
      window_start: 1_720_000_800,
      tranche_id: 1,
      capital: '900719925474099300',
      total_tokens: '9007199254740993',
      deposits: '9007199254740993',
      utilization_bps: '4200',
      apy_bps: 400,
      last_lt: '48000000000001',
      version: '1',
    });
    expect(trancheSnapshotRow(trancheSnapshot({ apyBps: null })).apy_bps).toBeNull();
  });

  it('maps exposure snapshots exactly', () => {
    const row = exposureSnapshotRow(exposureSnapshot({ productType: null }));
    expect(row.active_coverage).toBe('9007199254740993');
    expect(row.product_type).toBeNull();
    expect(row.coverage_type).toBe(0);
  });

  it('refuses values a UInt64 column cannot hold', () => {
    expect(() => trancheSnapshotRow(trancheSnapshot({ capital: -1n }))).toThrow(/capital is not a UInt64/);
    expect(() => trancheSnapshotRow(trancheSnapshot({ nav: 1n << 64n }))).toThrow(SchemaValidationError);
    expect(() => trancheSnapshotRow(trancheSnapshot({ windowSize: 'hourly' }))).toThrow(/windowSize/);
    expect(() => exposureSnapshotRow(exposureSnapshot({ activePolicies: 1.5 }))).toThrow(/activePolicies/);
  });
});

describe('drift, alert and raw rows', () => {
  it('keeps drift values as exact signed decimals and encodes infinities', () => {
    const row = driftRow(driftCheck({ absDrift: -(1n << 80n) }));
    expect(row.chain_value).toBe('9007199254740993');
    expect(row.abs_drift).toBe((-(1n << 80n)).toString());
    expect(row.exact).toBe(1);
    expect(driftRow(driftCheck({ relDrift: Infinity })).rel_drift).toBe('inf');
  });

  it('maps alerts with exact values', () => {
    const row = alertRow(alert({ value: ABOVE_2_53, atLt: null }));
    expect(row).toMatchObject({
      state: 'open',
      value: '9007199254740993',
      threshold: '9000',
      at_lt: '0',
      version: '1',
    });
    expect(() => alertRow(alert({ state: 'closed' as 'open' }))).toThrow(/state/);
  });

  it('maps raw transactions', () => {
    const row = rawTransactionRow({
      v: 1,
      account: VAULT,
      lt: '18446744073709551615',
      hash: txHash(9),
      utime: 1_720_000_000,
      boc: 'te6cc',
      source: 'replay',
    });
    expect(row).toEqual({
      account: VAULT,
      lt: '18446744073709551615',
      hash: txHash(9),
      utime: 1_720_000_000,
      boc: 'te6cc',
      source: 'replay',
    });
  });

  it('strictU64 accepts bigint, safe numbers and decimal strings only', () => {
    expect(strictU64(5, 'x')).toBe('5');
    expect(strictU64('18446744073709551615', 'x')).toBe('18446744073709551615');
    expect(() => strictU64(2 ** 53 + 2, 'x')).toThrow(/not a UInt64/);
    expect(() => strictU64('0x10', 'x')).toThrow();
  });
});
