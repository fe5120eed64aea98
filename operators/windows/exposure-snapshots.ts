/**
 * Exposure observations → `ExposureSnapshotRow`s per event-time window and product: closing active coverage and
 * policy count, and new coverage, premiums, payouts, claims and expiries inside the window.
 */
import type { OperatorFunction } from 'rxjs';
import type { ExposureSnapshotRow } from '../../schemas/state/window-rows.js';
import type { ExposureObservation } from '../state/active-coverage.js';
import type { SnapshotWindowOptions } from './tranche-snapshots.js';
import { tumblingWindow } from './tumbling-window.js';

interface ExposureWindowAcc {
  last: ExposureObservation;
  newCoverage: bigint;
  newPolicies: number;
  premiums: bigint;
  payouts: bigint;
  claims: number;
  expiredPolicies: number;
}

export function exposureSnapshotWindows(
  options: SnapshotWindowOptions = {},
): OperatorFunction<ExposureObservation, ExposureSnapshotRow> {
  return tumblingWindow<ExposureObservation, ExposureWindowAcc, ExposureSnapshotRow>({
    ...options,
    onDropped: (_o, w) => options.onDropped?.(w),
    eventTime: (o) => o.utime,
    keys: (o) => [o.productKey],
    init: (_key, o) => ({
      last: o,
      newCoverage: 0n,
      newPolicies: 0,
      premiums: 0n,
      payouts: 0n,
      claims: 0,
      expiredPolicies: 0,
    }),
    accumulate: (acc, o) => ({
      last: BigInt(o.lt) >= BigInt(acc.last.lt) ? o : acc.last,
      newCoverage: acc.newCoverage + o.newCoverage,
      newPolicies: acc.newPolicies + o.newPolicies,
      premiums: acc.premiums + o.premiums,
      payouts: acc.payouts + o.payouts,
      claims: acc.claims + o.claims,
      expiredPolicies: acc.expiredPolicies + o.expiredPolicies,
    }),
    emit: (acc, w) => ({
      windowSize: w.size,
      windowStart: w.start,
      windowEnd: w.end,
      productKey: acc.last.productKey,
      generation: acc.last.generation,
      coverageType: acc.last.coverageType,
      chainId: acc.last.chainId,
      stablecoinId: acc.last.stablecoinId,
      productType: acc.last.productType,
      assetId: acc.last.assetId,
      activeCoverage: acc.last.activeCoverage,
      activePolicies: acc.last.activePolicies,
      newCoverage: acc.newCoverage,
      newPolicies: acc.newPolicies,
      premiums: acc.premiums,
      payouts: acc.payouts,
      claims: acc.claims,
      expiredPolicies: acc.expiredPolicies,
      version: w.version,
      lastLt: acc.last.lt,
    }),
  });
}
