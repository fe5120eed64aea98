/**
 * The vaults' integer arithmetic (spec §3.1, §5.1, §7.3 b), operation for operation as the FunC does it:
 * `muldiv` and `/` floor, in the contract's order, so derived values equal the get-methods to the nanoTON.
 */
import { floorDiv, mulDiv } from '../../schemas/reference/int-math.js';
import type { TrancheState } from '../../schemas/state/contract-state.js';

export const DECIMALS = 1_000_000_000n;
const SECONDS_PER_YEAR = 31_536_000n;
const HALF = DECIMALS / 2n;
const EQT_NAV_CAP = 1_250_000_000n;

/** Plain NAV ×1e9: `(capital + yield) × 1e9 / tokens`, 1e9 without tokens (v2 everywhere, v3 withdraw). */
export function plainNav(t: Pick<TrancheState, 'capital' | 'accumulatedYield' | 'totalTokens'>): bigint {
  if (t.totalTokens === 0n) return DECIMALS;
  return mulDiv(t.capital + t.accumulatedYield, DECIMALS, t.totalTokens);
}

/** v3 time → NAV multiplier ×1e9 of a curve code at `tYears` (×1e9), `MultiTrancheVault.fc:271-396`. */
export function v3CurveMultiplier(curveType: number, tYears: bigint): bigint {
  switch (curveType) {
    case 1:
      return DECIMALS + mulDiv(40_000_000n, tYears, DECIMALS);
    case 2: {
      const tSquared = mulDiv(tYears, tYears, DECIMALS);
      const logTerm = tYears - floorDiv(tSquared, 2n);
      return DECIMALS + mulDiv(80_000_000n, logTerm, DECIMALS);
    }
    case 3:
      return DECIMALS + mulDiv(100_000_000n, tYears, DECIMALS);
    case 4: {
      // A step function in the contract, not a sigmoid.
      let value = 50_000_000n;
      if (tYears >= HALF) value = tYears >= DECIMALS ? 300_000_000n : 150_000_000n;
      return DECIMALS + value;
    }
    case 5: {
      const tSquared = mulDiv(tYears, tYears, DECIMALS);
      return DECIMALS + mulDiv(210_000_000n, tSquared, DECIMALS);
    }
    case 6: {
      const tSquared = mulDiv(tYears, tYears, DECIMALS);
      const tCubed = mulDiv(tSquared, tYears, DECIMALS);
      const expT = DECIMALS + tYears + floorDiv(tSquared, 2n) + floorDiv(tCubed, 6n);
      const nav = DECIMALS + mulDiv(150_000_000n, expT - DECIMALS, DECIMALS);
      return nav > EQT_NAV_CAP ? EQT_NAV_CAP : nav;
    }
    default:
      return DECIMALS;
  }
}

/** v3 `calculate_tranche_nav` at unix time `now` (deposits and the get-method use it). */
export function v3Nav(t: TrancheState, now: number): bigint {
  if (t.totalTokens === 0n) return DECIMALS;
  let tYears = 0n;
  if (t.firstDepositTime !== null)
    tYears = mulDiv(BigInt(now - t.firstDepositTime), DECIMALS, SECONDS_PER_YEAR);
  const multiplier = v3CurveMultiplier(t.curveType, tYears);
  const capitalWithCurve = mulDiv(t.capital, multiplier, DECIMALS);
  return mulDiv(capitalWithCurve + t.accumulatedYield, DECIMALS, t.totalTokens);
}

/** Tokens a deposit of `amount` buys at `nav`; null where the contract would divide by zero (it throws). */
export function tokensForDeposit(amount: bigint, nav: bigint): bigint | null {
  return nav === 0n ? null : mulDiv(amount, DECIMALS, nav);
}
