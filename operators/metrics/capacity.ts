import { floorDiv } from '../../schemas/reference/int-math.js';

const BPS_ONE = 10_000n;

/**
 * Coverage that can still be sold: `max(0, floor(capital × maxUtilization) − coverage)` with the cap in bps
 * (9500 = the backend's 95 % hard cap). The backend computes `capital × 0.95` in floating point and truncates;
 * this is the exact integer version, equal to it wherever the float is exact.
 */
export function availableCapacity(capital: bigint, coverage: bigint, maxUtilizationBps: number): bigint {
  const max = floorDiv(capital * BigInt(maxUtilizationBps), BPS_ONE);
  const available = max - coverage;
  return available > 0n ? available : 0n;
}

/**
 * Whether `amount` more coverage keeps utilization ≤ the cap (exact, cross-multiplied). Unlike the backend, whose
 * zero-capital utilization of 0 accepts anything, no capital accepts no coverage.
 */
export function canAcceptCoverage(
  capital: bigint,
  coverage: bigint,
  amount: bigint,
  maxUtilizationBps: number,
): boolean {
  const next = coverage + amount;
  if (capital <= 0n) return next <= 0n;
  return next * BPS_ONE <= capital * BigInt(maxUtilizationBps);
}
