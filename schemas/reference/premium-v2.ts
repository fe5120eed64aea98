import { chainById, coverageTypeById, defaultReferenceData, stablecoinById } from './index.js';
import type { ReferenceData } from './index.js';
import { floorDiv, mulDiv } from './int-math.js';

/**
 * Annual rate of a v2 product in bps after the chain multiplier and the stablecoin adjustment:
 * `floor(base × chainMult / 10000) + stableAdj` (`risk_multipliers.fc` steps 1-5). Null for an unknown id
 * (the contract throws 400/401/402 there).
 */
export function adjustedRateBpsV2(
  coverageType: number,
  chainId: number,
  stablecoinId: number,
  ref: ReferenceData = defaultReferenceData(),
): bigint | null {
  const coverage = coverageTypeById(ref, coverageType);
  const chain = chainById(ref, chainId);
  const coin = stablecoinById(ref, stablecoinId);
  if (coverage === undefined || chain === undefined || coin === undefined) return null;
  return (
    mulDiv(
      BigInt(coverage.baseRateBps),
      BigInt(chain.riskMultiplierBps),
      ref.premiumV2.chainMultiplierDenominator,
    ) + BigInt(coin.riskAdjustmentBps)
  );
}

/** Time multiplier of a duration (×1000): 1200 for 30 d, 900 for 180 d, 1000 otherwise. */
export function timeMultiplierV2(durationDays: number, ref: ReferenceData = defaultReferenceData()): bigint {
  return ref.premiumV2.timeMultipliers.get(durationDays) ?? ref.premiumV2.defaultTimeMultiplier;
}

/**
 * Premium in nanoTON the v2 contracts charge (`calculate_multi_dimensional_premium`, used by PolicyRouter and its
 * `calculate_premium_external` getter), with the same floor divisions in the same order:
 * `p = floor(coverage × (adj × days) / 3,650,000)`, then `floor(p × timeMult / 1000)`.
 *
 * The chain/stablecoin pair rule is not applied here (the router checks it before pricing); see `isValidProduct`.
 * Null when an id is unknown (the contract throws) or `durationDays` is not an integer.
 */
export function expectedPremiumV2(
  coverageType: number,
  chainId: number,
  stablecoinId: number,
  coverageAmount: bigint,
  durationDays: number,
  ref: ReferenceData = defaultReferenceData(),
): bigint | null {
  if (!Number.isSafeInteger(durationDays)) return null;
  const rate = adjustedRateBpsV2(coverageType, chainId, stablecoinId, ref);
  if (rate === null) return null;
  const p = mulDiv(coverageAmount, rate * BigInt(durationDays), ref.premiumV2.rateDenominator);
  return floorDiv(p * timeMultiplierV2(durationDays, ref), ref.premiumV2.timeMultiplierDenominator);
}
