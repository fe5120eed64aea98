import { floorDiv } from '../../schemas/reference/int-math.js';
import { UTILIZATION_ONE } from './tranche-apy.js';

const BPS_ONE = 10_000n;

/**
 * Utilization = coverage / capital as a fraction ×1e9 (the contracts' fixed point, input of `trancheApyBps`),
 * rounded down. Capital ≤ 0 gives 0, as the backend's tracker does. Not clamped unless `clampToOne`: above 100 %
 * is exactly what alerts need to see; the tracker's `min(1, ·)` is the clamped variant.
 */
export function utilizationFixed9(coverage: bigint, capital: bigint, clampToOne = false): bigint {
  if (capital <= 0n) return 0n;
  const u = floorDiv(coverage * UTILIZATION_ONE, capital);
  return clampToOne && u > UTILIZATION_ONE ? UTILIZATION_ONE : u;
}

/**
 * Utilization in bps, rounded down: `coverage × 10000 / capital`, the formula of the v2 vault's
 * `get_tranche_state` (where the contract would fail on zero capital, this returns 0).
 */
export function utilizationBps(coverage: bigint, capital: bigint): bigint {
  if (capital <= 0n) return 0n;
  return floorDiv(coverage * BPS_ONE, capital);
}

/**
 * Exact test `coverage / capital ≥ threshold` (no rounding: cross-multiplied). Zero capital with positive coverage
 * counts as over any threshold; zero of both is utilization 0.
 */
export function isUtilizationAtLeast(coverage: bigint, capital: bigint, thresholdBps: number): boolean {
  if (capital <= 0n) return coverage > 0n || thresholdBps <= 0;
  return coverage * BPS_ONE >= capital * BigInt(thresholdBps);
}
