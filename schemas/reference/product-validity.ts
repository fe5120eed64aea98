import { chainById, coverageTypeById, defaultReferenceData, stablecoinById } from './index.js';
import type { ReferenceData } from './index.js';
import { productKey } from './product-key.js';

/** Whether a chain supports a stablecoin (spec §8.2). Unknown ids are not compatible. */
export function isCompatiblePair(
  chainId: number,
  stablecoinId: number,
  ref: ReferenceData = defaultReferenceData(),
): boolean {
  if (chainById(ref, chainId) === undefined || stablecoinById(ref, stablecoinId) === undefined) return false;
  const allowed = ref.compatibilityRestrictions.get(chainId);
  return allowed === undefined || allowed.has(stablecoinId);
}

/** A v2 product exists when all three ids are known and the chain supports the stablecoin (435 of 560). */
export function isValidProduct(
  coverageType: number,
  chainId: number,
  stablecoinId: number,
  ref: ReferenceData = defaultReferenceData(),
): boolean {
  return coverageTypeById(ref, coverageType) !== undefined && isCompatiblePair(chainId, stablecoinId, ref);
}

export interface V2ProductCombination {
  readonly coverageType: number;
  readonly chainId: number;
  readonly stablecoinId: number;
  readonly productKey: string;
  readonly valid: boolean;
}

/** Every raw coverage type × chain × stablecoin combination (560 with the bundled data), with its validity. */
export function allV2ProductCombinations(
  ref: ReferenceData = defaultReferenceData(),
): V2ProductCombination[] {
  const out: V2ProductCombination[] = [];
  for (const c of ref.coverageTypes) {
    for (const ch of ref.chains) {
      for (const s of ref.stablecoins) {
        out.push({
          coverageType: c.id,
          chainId: ch.id,
          stablecoinId: s.id,
          productKey: productKey(c.id, ch.id, s.id, ref),
          valid: isValidProduct(c.id, ch.id, s.id, ref),
        });
      }
    }
  }
  return out;
}
