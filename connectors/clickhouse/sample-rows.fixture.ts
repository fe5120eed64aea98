/** Sample pipeline records for the ClickHouse tests: realistic shapes, amounts above 2^53 where it matters. */
import type {
  DriftInput,
  AlertInput,
  EventJsonInput,
  ExposureSnapshotInput,
  TrancheSnapshotInput,
} from './rows.js';

export const VAULT = '0:' + 'a1'.repeat(32);
export const FACTORY = '0:' + 'b2'.repeat(32);
export const USER = '0:' + 'c3'.repeat(32);

/** 2^53 + 1: a JSON number would silently become 2^53. */
export const ABOVE_2_53 = 9_007_199_254_740_993n;

export function txHash(n: number): string {
  return n.toString(16).padStart(64, '0');
}

export function policyCreated(
  n: number,
  overrides: { utime?: number; coverage?: bigint; premium?: bigint; referenceVersion?: number } = {},
): EventJsonInput {
  const lt = String(47_000_000_000_000 + n);
  const hash = txHash(n + 1);
  return {
    eventId: `${FACTORY}:${lt}:${hash}:0`,
    type: 'PolicyCreated',
    account: FACTORY,
    stateOwner: FACTORY,
    kind: 'policy-factory-v2',
    lt,
    hash,
    utime: overrides.utime ?? 1_720_000_000 + n,
    index: 0,
    origin: 'in-message',
    op: 0x01,
    logId: null,
    data: {
      primary: true,
      policyId: String(n + 1),
      user: USER,
      coverageType: 0,
      chainId: 0,
      stablecoinId: 0,
      coverageAmount: (overrides.coverage ?? 1_000_000_000_000n).toString(),
      premium: (overrides.premium ?? 65_753_424n).toString(),
      durationDays: 30,
      durationHours: null,
      startTime: 1_720_000_000,
      expiry: 1_722_592_000,
      shardId: null,
      productHash: 0,
      latitude: null,
      longitude: null,
      radiusKm: null,
    },
    enrichment: {
      referenceVersion: overrides.referenceVersion ?? 1,
      product: {
        coverageType: 0,
        coverageTypeName: 'Depeg',
        chainId: 0,
        chainName: 'Ethereum',
        stablecoinId: 0,
        stablecoinSymbol: 'USDC',
        productKey: 'depeg:ethereum:usdc',
        productHash: 0,
        valid: true,
        baseRateBps: 80,
        chainRiskMultiplierBps: 10000,
        stablecoinRiskAdjustmentBps: 0,
        adjustedRateBps: 80,
        expectedPremium: '65753424',
        premiumMismatch: false,
      },
      v3Product: null,
      tranche: null,
    },
  };
}

export function depositMade(n: number, amount: bigint): EventJsonInput {
  const lt = String(48_000_000_000_000 + n);
  const hash = txHash(1_000_000 + n);
  return {
    eventId: `${VAULT}:${lt}:${hash}:0`,
    type: 'DepositMade',
    account: VAULT,
    stateOwner: VAULT,
    kind: 'vault-v2',
    lt,
    hash,
    utime: 1_720_000_500 + n,
    index: 0,
    origin: 'in-message',
    op: 0x3f1a2b4c,
    logId: null,
    data: { trancheId: 6, depositor: USER, amount: amount.toString(), tokens: null, txId: '7' },
    enrichment: {
      referenceVersion: 1,
      product: null,
      v3Product: null,
      tranche: { trancheId: 6, generation: 'v2', key: 'eqt', name: 'SURE-EQT', valid: true, params: null },
    },
  };
}

export function trancheSnapshot(overrides: Partial<TrancheSnapshotInput> = {}): TrancheSnapshotInput {
  return {
    windowSize: '1h',
    windowStart: 1_720_000_800,
    windowEnd: 1_720_004_400,
    vault: VAULT,
    generation: 'v2',
    trancheId: 1,
    trancheName: 'SURE-BTC',
    capital: ABOVE_2_53 * 100n,
    accumulatedYield: 12_345n,
    totalTokens: ABOVE_2_53,
    nav: 1_000_000_000n,
    allocatedCoverage: 250_000_000_000n,
    utilizationBps: 4_200,
    apyBps: 400,
    deposits: ABOVE_2_53,
    withdrawals: 0n,
    premiums: 16_438_356n,
    losses: 0n,
    depositCount: 1,
    withdrawalCount: 0,
    version: 1,
    lastLt: '48000000000001',
    ...overrides,
  };
}

export function exposureSnapshot(overrides: Partial<ExposureSnapshotInput> = {}): ExposureSnapshotInput {
  return {
    windowSize: '1d',
    windowStart: 1_719_964_800,
    windowEnd: 1_720_051_200,
    productKey: 'depeg:ethereum:usdc',
    generation: 'v2',
    coverageType: 0,
    chainId: 0,
    stablecoinId: 0,
    productType: null,
    assetId: null,
    activeCoverage: ABOVE_2_53,
    activePolicies: 3,
    newCoverage: 3_000_000_000_000n,
    newPolicies: 3,
    premiums: 197_260_272n,
    payouts: 0n,
    claims: 0,
    expiredPolicies: 0,
    version: 1,
    lastLt: '47000000000002',
    ...overrides,
  };
}

export function driftCheck(overrides: Partial<DriftInput> = {}): DriftInput {
  return {
    checkedAt: 1_720_003_600,
    address: VAULT,
    kind: 'vault-v2',
    metric: 'tranche_1_capital',
    chainValue: ABOVE_2_53,
    derivedValue: ABOVE_2_53 - 1n,
    absDrift: 1n,
    relDrift: 1 / Number(ABOVE_2_53),
    exact: true,
    status: 'critical',
    atLt: '48000000000001',
    reconciled: false,
    ...overrides,
  };
}

export function alert(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    alertId: `utilization:${VAULT}:1`,
    type: 'high_utilization',
    severity: 'warn',
    subject: `${VAULT}/tranche/1`,
    state: 'open',
    value: 9_300,
    threshold: 9_000,
    message: 'tranche SURE-BTC utilization 93.00% above 90%',
    at: 1_720_003_600,
    atLt: '48000000000001',
    version: 1,
    ...overrides,
  };
}
