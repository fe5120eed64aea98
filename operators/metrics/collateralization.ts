import { floorDiv } from '../../schemas/reference/int-math.js';

const BPS_ONE = 10_000n;

/**
 * Collateralization = capital / coverage in bps (11000 = 110 %), rounded down. Null when there is no coverage:
 * the backend reports +∞ there, which has no integer form.
 */
export function collateralizationBps(capital: bigint, coverage: bigint): bigint | null {
  if (coverage <= 0n) return null;
  return floorDiv(capital * BPS_ONE, coverage);
}

/** Exact test `capital / coverage < minimum` (cross-multiplied, no rounding); never true without coverage. */
export function isUndercollateralized(
  capital: bigint,
  coverage: bigint,
  minCollateralizationBps: number,
): boolean {
  if (coverage <= 0n) return false;
  return capital * BPS_ONE < coverage * BigInt(minCollateralizationBps);
}
