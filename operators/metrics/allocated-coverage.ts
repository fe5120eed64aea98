import { floorDiv } from '../../schemas/reference/int-math.js';

/**
 * Share of the active coverage a tranche backs: `floor(coverage × allocationPercent / 100)`, the same integer
 * split the vault applies to premiums (`premium × allocation_percent / 100`). Neither vault tracks per-tranche
 * coverage on-chain (spec §6), so this is a derived figure; the per-tranche floors may sum to slightly less than
 * the total.
 */
export function allocatedCoverage(activeCoverage: bigint, allocationPercent: number): bigint {
  return floorDiv(activeCoverage * BigInt(allocationPercent), 100n);
}
