/**
 * Rows of the event-time window outputs (DESIGN §7), as the ClickHouse and PostgreSQL sinks store them. A row is
 * identified by (windowSize, windowStart, key); `version` grows with every re-emission of that window (late
 * events), so a ReplacingMergeTree / upsert keeps the newest.
 */

/** Window size label: '1m' | '1h' | '1d' by default, or any configured `<n><s|m|h|d>`. */
export type WindowSize = string;

export interface TrancheSnapshotRow {
  windowSize: WindowSize;
  /** unix s, inclusive */
  windowStart: number;
  /** unix s, exclusive */
  windowEnd: number;
  /** raw address of the vault */
  vault: string;
  generation: 'v2' | 'v3';
  trancheId: number;
  trancheName: string;
  /** Closing values: the state after the window's last event. */
  capital: bigint;
  accumulatedYield: bigint;
  totalTokens: bigint;
  nav: bigint;
  allocatedCoverage: bigint;
  utilizationBps: number;
  apyBps: number | null;
  /** Deltas inside the window. */
  deposits: bigint;
  withdrawals: bigint;
  premiums: bigint;
  losses: bigint;
  depositCount: number;
  withdrawalCount: number;
  version: number;
  /** lt of the last event in the window (decimal string). */
  lastLt: string;
}

export interface ExposureSnapshotRow {
  windowSize: WindowSize;
  windowStart: number;
  windowEnd: number;
  /** `depeg:ethereum:usdc` (v2) or `v3:depeg:usdt` (v3) */
  productKey: string;
  generation: 'v2' | 'v3';
  coverageType: number | null;
  chainId: number | null;
  stablecoinId: number | null;
  productType: number | null;
  assetId: number | null;
  /** Closing values. */
  activeCoverage: bigint;
  activePolicies: number;
  /** Deltas inside the window. */
  newCoverage: bigint;
  newPolicies: number;
  premiums: bigint;
  payouts: bigint;
  claims: number;
  expiredPolicies: number;
  version: number;
  lastLt: string;
}
