import { describe, expect, it } from 'vitest';
import { defaultReferenceData } from './index.js';
import { allV2ProductCombinations, isCompatiblePair, isValidProduct } from './product-validity.js';

describe('v2 product matrix (spec §8.2, §8.4)', () => {
  const ref = defaultReferenceData();

  it('has 560 raw combinations of which 435 are valid', () => {
    const all = allV2ProductCombinations(ref);
    expect(all).toHaveLength(5 * 8 * 14);
    expect(all.filter((p) => p.valid)).toHaveLength(435);
    expect(all.filter((p) => !p.valid)).toHaveLength(125);
    expect(new Set(all.map((p) => p.productKey)).size).toBe(560);
  });

  it('restricts Bitcoin to USDT and Lightning to USDC/USDT', () => {
    for (let coin = 0; coin < 14; coin++) {
      expect(isCompatiblePair(4, coin, ref)).toBe(coin === 1);
      expect(isCompatiblePair(5, coin, ref)).toBe(coin === 0 || coin === 1);
      for (const chain of [0, 1, 2, 3, 6, 7]) expect(isCompatiblePair(chain, coin, ref)).toBe(true);
    }
  });

  it('counts 87 valid chain/stablecoin pairs', () => {
    let pairs = 0;
    for (let chain = 0; chain < 8; chain++)
      for (let coin = 0; coin < 14; coin++) if (isCompatiblePair(chain, coin, ref)) pairs++;
    expect(pairs).toBe(87);
  });

  it('treats unknown ids as invalid', () => {
    expect(isValidProduct(5, 0, 0, ref)).toBe(false);
    expect(isValidProduct(0, 8, 0, ref)).toBe(false);
    expect(isValidProduct(0, 0, 14, ref)).toBe(false);
    expect(isValidProduct(-1, 0, 0, ref)).toBe(false);
    expect(isValidProduct(0.5, 0, 0, ref)).toBe(false);
    expect(isValidProduct(0, 0, 0)).toBe(true);
    expect(isValidProduct(3, 4, 1)).toBe(true);
    expect(isValidProduct(3, 4, 0)).toBe(false);
  });
});
