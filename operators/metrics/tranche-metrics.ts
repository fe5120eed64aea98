import type { TrancheParams } from '../../schemas/reference/index.js';
import { allocatedCoverage } from './allocated-coverage.js';
import { availableCapacity } from './capacity.js';
import { collateralizationBps } from './collateralization.js';
import { trancheApyBps } from './tranche-apy.js';
import { utilizationBps, utilizationFixed9 } from './utilization.js';

export interface TrancheMetrics {
  readonly trancheId: number;
  readonly capital: bigint;
  /** The tranche's share of the active coverage, by its allocation percent. */
  readonly allocatedCoverage: bigint;
  /** allocated coverage / capital ×1e9, rounded down, unclamped. */
  readonly utilizationFixed9: bigint;
  /** allocated coverage / capital in bps, rounded down, unclamped. */
  readonly utilizationBps: bigint;
  /** Curve APY at that utilization; null for a curve code the contracts do not define. */
  readonly apyBps: number | null;
  /** capital / allocated coverage in bps, rounded down; null without coverage (infinite). */
  readonly collateralizationBps: bigint | null;
  readonly availableCapacity: bigint;
}

/**
 * Derived metrics of one tranche (DESIGN §4): its allocated share of the active coverage and, from that, its
 * utilization, curve APY, collateralization and remaining capacity under `maxUtilizationBps`.
 */
export function trancheMetrics(
  params: TrancheParams,
  capital: bigint,
  activeCoverage: bigint,
  maxUtilizationBps: number,
): TrancheMetrics {
  const allocated = allocatedCoverage(activeCoverage, params.allocationPercent);
  const u9 = utilizationFixed9(allocated, capital);
  return {
    trancheId: params.id,
    capital,
    allocatedCoverage: allocated,
    utilizationFixed9: u9,
    utilizationBps: utilizationBps(allocated, capital),
    apyBps: trancheApyBps(params, u9),
    collateralizationBps: collateralizationBps(capital, allocated),
    availableCapacity: availableCapacity(capital, allocated, maxUtilizationBps),
  };
}
