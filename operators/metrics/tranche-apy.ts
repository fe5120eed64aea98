import { floorDiv, mulDiv } from '../../schemas/reference/int-math.js';

/** Fixed-point scale of utilization on-chain: 1e9 = 100 %. */
export const UTILIZATION_ONE = 1_000_000_000n;

/** Curve codes of `bonding_curves.fc` (spec §7.3 a). */
export const CurveCode = {
  flat: 1,
  log: 2,
  linear: 3,
  sigmoid: 4,
  quadratic: 5,
  exponential: 6,
} as const;

export interface ApyCurveParams {
  readonly apyMinBps: number;
  readonly apyMaxBps: number;
  readonly curveType: number;
}

const SEGMENT = 100_000_000n;
// Knots at U = 0, 0.1, …, 1.0 (×1e9), exactly as tabulated in bonding_curves.fc.
const LOG2_KNOTS = [0n, 138n, 263n, 379n, 485n, 585n, 678n, 766n, 848n, 926n, 1000n].map(
  (k) => k * 1_000_000n,
);
const SIGMOID_KNOTS = [7n, 18n, 47n, 119n, 269n, 500n, 731n, 881n, 953n, 982n, 993n].map(
  (k) => k * 1_000_000n,
);
// e² − 1 with 9 decimals, the contract's constant.
const E2_MINUS_1 = 6_389_056_099n;

/**
 * APY in bps of a tranche at a utilization (×1e9, `UTILIZATION_ONE` = 100 %), mirroring `bonding_curves.fc`
 * integer for integer: every division floors; U ≤ 0 gives min and U ≥ 1e9 gives max before any curve runs (so
 * sigmoid at U = 0 is min, not the table's 0.7 %); results are clamped to [min, max]; flat is the constant 400
 * whatever min/max say. Returns null for a curve code the contracts do not define.
 *
 * The backend's float variant (`tranche_pricing.ml`) differs by a few bps (spec §7.3 test vectors); the
 * contracts' integers are what this reproduces.
 */
export function trancheApyBps(params: ApyCurveParams, utilization: bigint): number | null {
  const { curveType } = params;
  if (curveType === CurveCode.flat) return 400;
  if (curveType < CurveCode.log || curveType > CurveCode.exponential || !Number.isInteger(curveType))
    return null;

  const min = BigInt(params.apyMinBps);
  const max = BigInt(params.apyMaxBps);
  if (utilization <= 0n) return params.apyMinBps;
  if (utilization >= UTILIZATION_ONE) return params.apyMaxBps;

  const factor = curveFactor(curveType, utilization);
  const apy = min + mulDiv(max - min, factor, UTILIZATION_ONE);
  // Same clamp order as the contract.
  if (apy < min) return params.apyMinBps;
  if (apy > max) return params.apyMaxBps;
  return Number(apy);
}

/** Curve shape at 0 < U < 1e9 as a fraction ×1e9. */
function curveFactor(curveType: number, u: bigint): bigint {
  switch (curveType) {
    case CurveCode.log:
      return interpolate(LOG2_KNOTS, u);
    case CurveCode.linear:
      return u;
    case CurveCode.sigmoid:
      return interpolate(SIGMOID_KNOTS, u);
    case CurveCode.quadratic:
      return mulDiv(u, u, UTILIZATION_ONE);
    default:
      return exponentialFactor(u);
  }
}

function interpolate(knots: readonly bigint[], u: bigint): bigint {
  const segment = Number(floorDiv(u, SEGMENT));
  const remainder = u % SEGMENT;
  const y0 = knots[segment] ?? 0n;
  const y1 = knots[segment + 1] ?? y0;
  return y0 + mulDiv(y1 - y0, remainder, SEGMENT);
}

/** (e^{2U} − 1)/(e² − 1) with e^x from its 4th-order Taylor series, each term floored as in the contract. */
function exponentialFactor(u: bigint): bigint {
  const x = 2n * u;
  const x2 = mulDiv(x, x, UTILIZATION_ONE);
  const x3 = mulDiv(x2, x, UTILIZATION_ONE);
  const x4 = mulDiv(x3, x, UTILIZATION_ONE);
  const exp2u = UTILIZATION_ONE + x + floorDiv(x2, 2n) + floorDiv(x3, 6n) + floorDiv(x4, 24n);
  let numerator = exp2u - UTILIZATION_ONE;
  if (numerator < 0n) numerator = 0n;
  let factor = mulDiv(numerator, UTILIZATION_ONE, E2_MINUS_1);
  if (factor < 0n) factor = 0n;
  if (factor > UTILIZATION_ONE) factor = UTILIZATION_ONE;
  return factor;
}
