import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultReferenceData } from './index.js';
import { adjustedRateBpsV2, expectedPremiumV2, timeMultiplierV2 } from './premium-v2.js';

const TON = 1_000_000_000n;

describe('v2 premium (spec §8.3)', () => {
  it('matches the spec example: Depeg/Ethereum/USDC, 100 TON, 90 d', () => {
    expect(expectedPremiumV2(0, 0, 0, 100n * TON, 90)).toBe(197_260_273n);
  });

  it('matches hand-computed examples', () => {
    // Bridge/Solana/USDT: adj = floor(200×14000/10000) + 0 = 280; p = floor(1e12×280×30/3.65e6) = 2,301,369,863;
    // ×1200/1000 → 2,761,643,835.
    expect(expectedPremiumV2(3, 7, 1, 1000n * TON, 30)).toBe(2_761_643_835n);
    // CEX/Polygon/sUSDe: adj = 360 + 125 = 485; p = floor(250e9×485×180/3.65e6) = 5,979,452,054; ×900/1000 →
    // 5,381,506,848 (one combined floor would give …849: the contract floors twice).
    expect(expectedPremiumV2(4, 3, 7, 250n * TON, 180)).toBe(5_381_506_848n);
    // Oracle/TON/LUSD: adj = floor(180×11500/10000) + 10 = 217; 10 TON, 90 d → floor(1e10×217×90/3.65e6).
    expect(expectedPremiumV2(2, 6, 11, 10n * TON, 90)).toBe(53_506_849n);
    // Two-step floor again: p = 6,575,342 (not 6,575,342.5…) so ×1.2 gives 7,890,410, not 7,890,411.
    expect(expectedPremiumV2(0, 0, 0, 10_000_000_056n, 30)).toBe(7_890_410n);
  });

  it('applies the time multiplier only to 30 and 180 days', () => {
    expect(timeMultiplierV2(30)).toBe(1200n);
    expect(timeMultiplierV2(90)).toBe(1000n);
    expect(timeMultiplierV2(180)).toBe(900n);
    expect(timeMultiplierV2(365)).toBe(1000n);
    expect(expectedPremiumV2(0, 0, 0, 365n * TON, 365)).toBe(floorOf(365n * TON * 80n * 365n, 3_650_000n));
  });

  it('prices the rate adjustments', () => {
    expect(adjustedRateBpsV2(0, 6, 0)).toBe(92n);
    expect(adjustedRateBpsV2(4, 7, 6)).toBe(420n + 100n);
    expect(adjustedRateBpsV2(0, 8, 0)).toBeNull();
  });

  it('returns null where the contract would throw or the input is not an integer', () => {
    expect(expectedPremiumV2(5, 0, 0, TON, 90)).toBeNull();
    expect(expectedPremiumV2(0, 8, 0, TON, 90)).toBeNull();
    expect(expectedPremiumV2(0, 0, 14, TON, 90)).toBeNull();
    expect(expectedPremiumV2(0, 0, 0, TON, 1.5)).toBeNull();
  });

  it('equals the two-step floor formula for any valid input', () => {
    const ref = defaultReferenceData();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 13 }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.constantFrom(30, 90, 180, 7, 365),
        (ct, ch, sc, coverage, days) => {
          const base = BigInt(ref.coverageTypes[ct]!.baseRateBps);
          const mult = BigInt(ref.chains[ch]!.riskMultiplierBps);
          const adj = (base * mult) / 10_000n + BigInt(ref.stablecoins[sc]!.riskAdjustmentBps);
          const tm = days === 30 ? 1200n : days === 180 ? 900n : 1000n;
          const expected = (((coverage * adj * BigInt(days)) / 3_650_000n) * tm) / 1000n;
          expect(expectedPremiumV2(ct, ch, sc, coverage, days, ref)).toBe(expected);
        },
      ),
    );
  });
});

function floorOf(a: bigint, b: bigint): bigint {
  return a / b;
}
