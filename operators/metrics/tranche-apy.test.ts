import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultReferenceData, trancheParamsById } from '../../schemas/reference/index.js';
import type { TrancheParams } from '../../schemas/reference/index.js';
import { UTILIZATION_ONE, trancheApyBps } from './tranche-apy.js';

const ref = defaultReferenceData();
const v2 = (id: number): TrancheParams => {
  const params = trancheParamsById(ref, 'v2', id);
  if (params === undefined) throw new Error(`no v2 tranche ${id}`);
  return params;
};
/** U as a fraction of 1e9 from a decimal like 0.25 (exact for the table's values). */
const u = (fraction: number): bigint => BigInt(Math.round(fraction * 1e9));

// Spec §7.3 test vectors: FunC integer results with the v2 parameters.
const UTILIZATIONS = [0, 0.25, 0.5, 0.75, 0.9, 1.0];
const VECTORS: Record<string, { id: number; bps: number[] }> = {
  BTC: { id: 1, bps: [400, 400, 400, 400, 400, 400] },
  SNR: { id: 2, bps: [650, 762, 854, 932, 974, 1000] },
  MEZZ: { id: 3, bps: [900, 1050, 1200, 1350, 1440, 1500] },
  JNR: { id: 4, bps: [1250, 1279, 1425, 1570, 1593, 1600] },
  'JNR+': { id: 5, bps: [1600, 1637, 1750, 1937, 2086, 2200] },
  EQT: { id: 6, bps: [1500, 1601, 1767, 2031, 2255, 2500] },
};

describe('tranche APY curves (spec §7.3 a)', () => {
  for (const [name, { id, bps }] of Object.entries(VECTORS)) {
    it(`${name} reproduces the contract's integer vector`, () => {
      const params = v2(id);
      expect(UTILIZATIONS.map((x) => trancheApyBps(params, u(x)))).toEqual(bps);
    });
  }

  it('applies the bounds before the curve: U ≤ 0 → min, U ≥ 1 → max', () => {
    expect(trancheApyBps(v2(4), -5n)).toBe(1250);
    expect(trancheApyBps(v2(4), 1n)).toBe(1252); // sigmoid table starts at 0.7 % once U > 0
    expect(trancheApyBps(v2(6), 2n * UTILIZATION_ONE)).toBe(2500);
    expect(trancheApyBps(v2(2), UTILIZATION_ONE - 1n)).toBe(999);
  });

  it('flat is the constant 400 whatever min and max say', () => {
    expect(trancheApyBps({ apyMinBps: 900, apyMaxBps: 1200, curveType: 1 }, u(0.5))).toBe(400);
  });

  it('returns null for a curve code the contracts do not define', () => {
    expect(trancheApyBps({ apyMinBps: 100, apyMaxBps: 200, curveType: 7 }, u(0.5))).toBeNull();
    expect(trancheApyBps({ apyMinBps: 100, apyMaxBps: 200, curveType: 0 }, u(0.5))).toBeNull();
  });

  it('stays within [min, max] and never decreases with utilization', () => {
    const tranches = [...ref.tranches.v2, ...ref.tranches.v3].filter((t) => t.curveType !== 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...tranches),
        fc.bigInt({ min: -UTILIZATION_ONE, max: 2n * UTILIZATION_ONE }),
        fc.bigInt({ min: 0n, max: UTILIZATION_ONE }),
        (params, a, step) => {
          const lo = trancheApyBps(params, a);
          const hi = trancheApyBps(params, a + step);
          expect(lo).not.toBeNull();
          expect(lo!).toBeGreaterThanOrEqual(params.apyMinBps);
          expect(hi!).toBeLessThanOrEqual(params.apyMaxBps);
          expect(hi!).toBeGreaterThanOrEqual(lo!);
        },
      ),
    );
  });
});
