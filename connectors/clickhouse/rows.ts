/**
 * Row mappers: pipeline records → column objects of the ClickHouse tables, ready for `JSONEachRow`.
 *
 * Encoding rules (ClickHouse 18.16 and current releases): 64-bit integers travel as decimal strings (a JSON
 * number above 2^53 would lose digits in JavaScript), DateTime as unix seconds (timezone-independent), booleans
 * as 0/1, absent values as null in Nullable columns. Amounts stay exact: they are never routed through `number`.
 */
import { SchemaValidationError } from '../../pipelines/runtime/errors.js';
import type { RawTransactionRecord } from '../../schemas/records/raw-transaction.js';

const UINT64_MAX = (1n << 64n) - 1n;
const UINT32_MAX = 0xffff_ffff;
const SIGNED_DECIMAL = /^-?(0|[1-9][0-9]*)$/;
const HASH_HEX = /^[0-9a-f]{64}$/;
const WINDOW_SIZE = /^[1-9][0-9]*[smhd]$/;

export type ClickHouseTable =
  | 'events'
  | 'tranche_snapshots'
  | 'exposure_snapshots'
  | 'drift_history'
  | 'alerts_history'
  | 'raw_transactions';

export const CLICKHOUSE_TABLES: readonly ClickHouseTable[] = [
  'events',
  'tranche_snapshots',
  'exposure_snapshots',
  'drift_history',
  'alerts_history',
  'raw_transactions',
];

type Integer = bigint | number | string;

// ---------------------------------------------------------------------------------------------------------------
// Inputs

/** An enriched event as it travels on `tonsurance.events.v1` (parsed JSON; amounts are decimal strings). */
export interface EventJsonInput {
  eventId: string;
  type: string;
  account: string;
  stateOwner: string;
  kind: string;
  lt: string;
  hash: string;
  utime: number;
  index: number;
  origin: string;
  op: number | null;
  logId: number | null;
  data: Readonly<Record<string, unknown>>;
  enrichment?: unknown;
}

/** Per-window tranche state, as the window stage emits it. */
export interface TrancheSnapshotInput {
  windowSize: string;
  windowStart: number;
  windowEnd: number;
  vault: string;
  generation: 'v2' | 'v3';
  trancheId: number;
  trancheName: string;
  capital: bigint;
  accumulatedYield: bigint;
  totalTokens: bigint;
  nav: bigint;
  allocatedCoverage: bigint;
  utilizationBps: number;
  apyBps: number | null;
  deposits: bigint;
  withdrawals: bigint;
  premiums: bigint;
  losses: bigint;
  depositCount: number;
  withdrawalCount: number;
  version: number;
  lastLt: string;
}

/** Per-window product exposure, as the window stage emits it. */
export interface ExposureSnapshotInput {
  windowSize: string;
  windowStart: number;
  windowEnd: number;
  productKey: string;
  generation: 'v2' | 'v3';
  coverageType: number | null;
  chainId: number | null;
  stablecoinId: number | null;
  productType: number | null;
  assetId: number | null;
  activeCoverage: bigint;
  activePolicies: number;
  newCoverage: bigint;
  newPolicies: number;
  premiums: bigint;
  payouts: bigint;
  claims: number;
  expiredPolicies: number;
  version: number;
  lastLt: string;
}

/** One comparison of a get-method value with the derived value. Values may be wider than 64 bits or negative. */
export interface DriftInput {
  checkedAt: number;
  address: string;
  kind: string;
  metric: string;
  chainValue: Integer;
  derivedValue: Integer;
  absDrift: Integer;
  /** |drift| / chain value; ±Infinity when the chain value is zero and the derived one is not. */
  relDrift: number;
  exact: boolean;
  /** 'ok' when there is no drift, otherwise a severity such as 'warn' or 'critical'. */
  status: string;
  atLt: Integer;
  reconciled: boolean;
}

export interface AlertInput {
  alertId: string;
  type: string;
  severity: string;
  subject: string;
  state: 'open' | 'resolved';
  value: Integer | null;
  threshold: Integer | null;
  message: string;
  at: number;
  atLt: Integer | null;
  version: Integer;
}

// ---------------------------------------------------------------------------------------------------------------
// Column rows (what is sent)

type Str = string;
type U64 = string;
type Nullable<T> = T | null;

export interface EventsColumns {
  event_id: Str;
  event_type: Str;
  kind: Str;
  generation: Str;
  account: Str;
  state_owner: Str;
  lt: U64;
  tx_hash: Str;
  event_index: number;
  utime: number;
  origin: Str;
  op: Nullable<number>;
  log_id: Nullable<number>;
  is_primary: number;
  policy_id: Nullable<U64>;
  user: Nullable<Str>;
  coverage_type: Nullable<number>;
  chain_id: Nullable<number>;
  stablecoin_id: Nullable<number>;
  product_type: Nullable<number>;
  asset_id: Nullable<number>;
  product_key: Str;
  product_valid: Nullable<number>;
  coverage_type_name: Str;
  chain_name: Str;
  stablecoin_symbol: Str;
  v3_product_name: Str;
  v3_asset_name: Str;
  tranche_id: Nullable<number>;
  tranche_name: Str;
  coverage_amount: Nullable<U64>;
  premium: Nullable<U64>;
  expected_premium: Nullable<U64>;
  premium_mismatch: Nullable<number>;
  amount: Nullable<U64>;
  token_amount: Nullable<U64>;
  payout: Nullable<U64>;
  message_value: Nullable<U64>;
  amounts_overflow: number;
  reference_version: number;
  data: Str;
  version: U64;
}

export interface TrancheSnapshotsColumns {
  window_size: Str;
  window_start: number;
  window_end: number;
  vault: Str;
  generation: Str;
  tranche_id: number;
  tranche_name: Str;
  capital: U64;
  accumulated_yield: U64;
  /** Exact decimal string: token counts can exceed UInt64 (migration 004). */
  total_tokens: Str;
  nav: U64;
  allocated_coverage: U64;
  utilization_bps: U64;
  apy_bps: Nullable<number>;
  deposits: U64;
  withdrawals: U64;
  premiums: U64;
  losses: U64;
  deposit_count: number;
  withdrawal_count: number;
  last_lt: U64;
  version: U64;
}

export interface ExposureSnapshotsColumns {
  window_size: Str;
  window_start: number;
  window_end: number;
  product_key: Str;
  generation: Str;
  coverage_type: Nullable<number>;
  chain_id: Nullable<number>;
  stablecoin_id: Nullable<number>;
  product_type: Nullable<number>;
  asset_id: Nullable<number>;
  active_coverage: U64;
  active_policies: number;
  new_coverage: U64;
  new_policies: number;
  premiums: U64;
  payouts: U64;
  claims: number;
  expired_policies: number;
  last_lt: U64;
  version: U64;
}

export interface DriftHistoryColumns {
  checked_at: number;
  address: Str;
  kind: Str;
  metric: Str;
  chain_value: Str;
  derived_value: Str;
  abs_drift: Str;
  rel_drift: number | Str;
  exact: number;
  status: Str;
  at_lt: U64;
  reconciled: number;
}

export interface AlertsHistoryColumns {
  alert_id: Str;
  type: Str;
  severity: Str;
  subject: Str;
  state: Str;
  value: Str;
  threshold: Str;
  message: Str;
  at: number;
  at_lt: U64;
  version: U64;
}

export interface RawTransactionsColumns {
  account: Str;
  lt: U64;
  hash: Str;
  utime: number;
  boc: Str;
  source: Str;
}

export interface TableColumns {
  events: EventsColumns;
  tranche_snapshots: TrancheSnapshotsColumns;
  exposure_snapshots: ExposureSnapshotsColumns;
  drift_history: DriftHistoryColumns;
  alerts_history: AlertsHistoryColumns;
  raw_transactions: RawTransactionsColumns;
}

/** One row for one table: what the sink buffers. */
export type ClickHouseRecord = {
  [T in ClickHouseTable]: { table: T; row: TableColumns[T] };
}[ClickHouseTable];

// ---------------------------------------------------------------------------------------------------------------
// Mappers

/**
 * An enriched event → an `events` row. `version` defaults to the enrichment's reference-data version: a replay
 * with the same data collapses onto the same row, a re-enrichment with newer reference data replaces it.
 */
export function eventRow(event: EventJsonInput, options: { version?: Integer } = {}): EventsColumns {
  const where = { eventId: event.eventId };
  const data = event.data ?? {};
  const enrichment = asObject(event.enrichment);
  const product = asObject(enrichment?.product);
  const v3 = asObject(enrichment?.v3Product);
  const tranche = asObject(enrichment?.tranche);
  const referenceVersion = smallUint(enrichment?.referenceVersion, UINT32_MAX) ?? 0;
  let overflow = false;
  const amount = (value: unknown): string | null => {
    const result = lenientU64(value);
    if (result === 'overflow') {
      overflow = true;
      return null;
    }
    return result;
  };
  const row: EventsColumns = {
    event_id: requireString(event.eventId, 'eventId', where),
    event_type: requireString(event.type, 'type', where),
    kind: requireString(event.kind, 'kind', where),
    generation: generationOf(event.kind),
    account: requireString(event.account, 'account', where),
    state_owner: requireString(event.stateOwner, 'stateOwner', where),
    lt: strictU64(event.lt, 'lt', where),
    tx_hash: hashHex(event.hash, 'hash', where),
    event_index: strictUint(event.index, 'index', 0xffff, where),
    utime: dateTime(event.utime, 'utime', where),
    origin: requireString(event.origin, 'origin', where),
    op: smallUint(event.op, UINT32_MAX),
    log_id: smallUint(event.logId, UINT32_MAX),
    is_primary: data.primary === false ? 0 : 1,
    policy_id: lenientU64OrNull(data.policyId),
    user: firstString(data, ['user', 'depositor', 'withdrawer', 'claimant', 'owner', 'recipient']),
    coverage_type: smallUint(data.coverageType ?? product?.coverageType, UINT32_MAX),
    chain_id: smallUint(data.chainId ?? product?.chainId, UINT32_MAX),
    stablecoin_id: smallUint(data.stablecoinId ?? product?.stablecoinId, UINT32_MAX),
    product_type: smallUint(data.productType ?? v3?.productType, UINT32_MAX),
    asset_id: smallUint(data.assetId ?? v3?.assetId, UINT32_MAX),
    product_key: stringOr(product?.productKey, stringOr(v3?.productKey, '')),
    product_valid: product ? flag(product.valid) : v3 ? flag(v3.valid) : null,
    coverage_type_name: stringOr(product?.coverageTypeName, ''),
    chain_name: stringOr(product?.chainName, ''),
    stablecoin_symbol: stringOr(product?.stablecoinSymbol, ''),
    v3_product_name: stringOr(v3?.productName, ''),
    v3_asset_name: stringOr(v3?.assetName, ''),
    tranche_id: smallUint(tranche?.trancheId ?? data.trancheId, 0xff),
    tranche_name: stringOr(tranche?.name, ''),
    coverage_amount: amount(data.coverageAmount),
    premium: amount(data.premium),
    expected_premium: amount(product?.expectedPremium),
    premium_mismatch: product ? flag(product.premiumMismatch) : null,
    amount: amount(data.amount ?? data.total),
    token_amount: amount(data.tokenAmount ?? data.tokens),
    payout: amount(data.payout),
    message_value: amount(data.value),
    amounts_overflow: 0,
    reference_version: referenceVersion,
    data: toJson(data),
    version: strictU64(options.version ?? referenceVersion, 'version', where),
  };
  row.amounts_overflow = overflow ? 1 : 0;
  return row;
}

export function trancheSnapshotRow(s: TrancheSnapshotInput): TrancheSnapshotsColumns {
  const where = {
    table: 'tranche_snapshots',
    vault: s.vault,
    trancheId: s.trancheId,
    windowStart: s.windowStart,
  };
  return {
    window_size: windowSize(s.windowSize, where),
    window_start: dateTime(s.windowStart, 'windowStart', where),
    window_end: dateTime(s.windowEnd, 'windowEnd', where),
    vault: requireString(s.vault, 'vault', where),
    generation: s.generation,
    tranche_id: strictUint(s.trancheId, 'trancheId', 0xff, where),
    tranche_name: s.trancheName,
    capital: strictU64(s.capital, 'capital', where),
    accumulated_yield: strictU64(s.accumulatedYield, 'accumulatedYield', where),
    total_tokens: BigInt(s.totalTokens).toString(),
    nav: strictU64(s.nav, 'nav', where),
    allocated_coverage: strictU64(s.allocatedCoverage, 'allocatedCoverage', where),
    utilization_bps: strictU64(s.utilizationBps, 'utilizationBps', where),
    apy_bps: s.apyBps === null ? null : strictUint(s.apyBps, 'apyBps', UINT32_MAX, where),
    deposits: strictU64(s.deposits, 'deposits', where),
    withdrawals: strictU64(s.withdrawals, 'withdrawals', where),
    premiums: strictU64(s.premiums, 'premiums', where),
    losses: strictU64(s.losses, 'losses', where),
    deposit_count: strictUint(s.depositCount, 'depositCount', UINT32_MAX, where),
    withdrawal_count: strictUint(s.withdrawalCount, 'withdrawalCount', UINT32_MAX, where),
    last_lt: strictU64(s.lastLt, 'lastLt', where),
    version: strictU64(s.version, 'version', where),
  };
}

export function exposureSnapshotRow(s: ExposureSnapshotInput): ExposureSnapshotsColumns {
  const where = { table: 'exposure_snapshots', productKey: s.productKey, windowStart: s.windowStart };
  return {
    window_size: windowSize(s.windowSize, where),
    window_start: dateTime(s.windowStart, 'windowStart', where),
    window_end: dateTime(s.windowEnd, 'windowEnd', where),
    product_key: requireString(s.productKey, 'productKey', where),
    generation: s.generation,
    coverage_type: nullableUint(s.coverageType, 'coverageType', where),
    chain_id: nullableUint(s.chainId, 'chainId', where),
    stablecoin_id: nullableUint(s.stablecoinId, 'stablecoinId', where),
    product_type: nullableUint(s.productType, 'productType', where),
    asset_id: nullableUint(s.assetId, 'assetId', where),
    active_coverage: strictU64(s.activeCoverage, 'activeCoverage', where),
    active_policies: strictUint(s.activePolicies, 'activePolicies', UINT32_MAX, where),
    new_coverage: strictU64(s.newCoverage, 'newCoverage', where),
    new_policies: strictUint(s.newPolicies, 'newPolicies', UINT32_MAX, where),
    premiums: strictU64(s.premiums, 'premiums', where),
    payouts: strictU64(s.payouts, 'payouts', where),
    claims: strictUint(s.claims, 'claims', UINT32_MAX, where),
    expired_policies: strictUint(s.expiredPolicies, 'expiredPolicies', UINT32_MAX, where),
    last_lt: strictU64(s.lastLt, 'lastLt', where),
    version: strictU64(s.version, 'version', where),
  };
}

export function driftRow(d: DriftInput): DriftHistoryColumns {
  const where = { table: 'drift_history', address: d.address, metric: d.metric };
  return {
    checked_at: dateTime(d.checkedAt, 'checkedAt', where),
    address: requireString(d.address, 'address', where),
    kind: d.kind,
    metric: requireString(d.metric, 'metric', where),
    chain_value: signedDecimal(d.chainValue, 'chainValue', where),
    derived_value: signedDecimal(d.derivedValue, 'derivedValue', where),
    abs_drift: signedDecimal(d.absDrift, 'absDrift', where),
    rel_drift: float64(d.relDrift, 'relDrift', where),
    exact: d.exact ? 1 : 0,
    status: d.status,
    at_lt: strictU64(d.atLt, 'atLt', where),
    reconciled: d.reconciled ? 1 : 0,
  };
}

export function alertRow(a: AlertInput): AlertsHistoryColumns {
  const where = { table: 'alerts_history', alertId: a.alertId };
  if (a.state !== 'open' && a.state !== 'resolved')
    invalid(`state must be open or resolved, got '${String(a.state)}'`, where);
  return {
    alert_id: requireString(a.alertId, 'alertId', where),
    type: a.type,
    severity: a.severity,
    subject: a.subject,
    state: a.state,
    value: a.value === null ? '' : String(a.value),
    threshold: a.threshold === null ? '' : String(a.threshold),
    message: a.message,
    at: dateTime(a.at, 'at', where),
    at_lt: a.atLt === null ? '0' : strictU64(a.atLt, 'atLt', where),
    version: strictU64(a.version, 'version', where),
  };
}

export function rawTransactionRow(r: RawTransactionRecord): RawTransactionsColumns {
  const where = { table: 'raw_transactions', account: r.account, lt: r.lt };
  return {
    account: requireString(r.account, 'account', where),
    lt: strictU64(r.lt, 'lt', where),
    hash: hashHex(r.hash, 'hash', where),
    utime: dateTime(r.utime, 'utime', where),
    boc: r.boc,
    source: r.source ?? '',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Value encoders

type Where = Record<string, string | number | null>;

function invalid(message: string, where: Where): never {
  const at = Object.entries(where)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  throw new SchemaValidationError(`cannot map row for ClickHouse (${at}): ${message}`, where);
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && SIGNED_DECIMAL.test(value)) return BigInt(value);
  return undefined;
}

/** UInt64 as a decimal string; anything else (negative, fractional, unsafe number, > 2^64−1) is an error. */
export function strictU64(value: unknown, field: string, where: Where = {}): string {
  const n = toBigInt(value);
  if (n === undefined || n < 0n || n > UINT64_MAX)
    invalid(`${field} is not a UInt64: ${String(value)}`, where);
  return n.toString();
}

/** Event amounts: null when absent, 'overflow' when the value does not fit UInt64 (kept exactly in `data`). */
function lenientU64(value: unknown): string | null | 'overflow' {
  if (value === null || value === undefined) return null;
  const n = toBigInt(value);
  if (n === undefined) return null;
  if (n < 0n || n > UINT64_MAX) return 'overflow';
  return n.toString();
}

function lenientU64OrNull(value: unknown): string | null {
  const r = lenientU64(value);
  return r === 'overflow' ? null : r;
}

function strictUint(value: unknown, field: string, max: number, where: Where): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    invalid(`${field} must be an integer in 0..${max}, got ${String(value)}`, where);
  }
  return value;
}

function nullableUint(value: number | null, field: string, where: Where): number | null {
  return value === null ? null : strictUint(value, field, UINT32_MAX, where);
}

/** Ids from the event data: null when absent or not a fitting integer (the exact value stays in `data`). */
function smallUint(value: unknown, max: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max ? value : null;
}

function dateTime(value: unknown, field: string, where: Where): number {
  return strictUint(value, field, UINT32_MAX, where);
}

function hashHex(value: unknown, field: string, where: Where): string {
  if (typeof value !== 'string' || !HASH_HEX.test(value))
    invalid(`${field} must be 64 lower-case hex digits`, where);
  return value;
}

function windowSize(value: unknown, where: Where): string {
  if (typeof value !== 'string' || !WINDOW_SIZE.test(value))
    invalid(`windowSize must look like 1m, 1h or 1d, got ${String(value)}`, where);
  return value;
}

function signedDecimal(value: unknown, field: string, where: Where): string {
  const n = toBigInt(value);
  if (n === undefined) invalid(`${field} is not an integer: ${String(value)}`, where);
  return n.toString();
}

/** Float64 for JSONEachRow: infinities and NaN as the literals ClickHouse parses (JSON has no number for them). */
function float64(value: unknown, field: string, where: Where): number | string {
  if (typeof value !== 'number') invalid(`${field} must be a number`, where);
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return value;
}

function requireString(value: unknown, field: string, where: Where): string {
  if (typeof value !== 'string' || value.length === 0) invalid(`${field} must be a non-empty string`, where);
  return value;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function flag(value: unknown): number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : null;
}

function firstString(data: Readonly<Record<string, unknown>>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = data[k];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return null;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function generationOf(kind: string): string {
  if (kind.endsWith('-v2')) return 'v2';
  if (kind.endsWith('-v3')) return 'v3';
  return '';
}

/** JSON with bigints as decimal strings; the replacer (several times slower) only when a bigint is present. */
function toJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}
