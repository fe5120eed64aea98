import { describe, expect, it } from 'vitest';
import { UTILIZATION_ONE } from './tranche-apy.js';
import { isUtilizationAtLeast, utilizationBps, utilizationFixed9 } from './utilization.js';

describe('utilization', () => {
  it('is coverage / capital rounded down, in 1e9 and bps', () => {
    expect(utilizationFixed9(1n, 3n)).toBe(333_333_333n);
    expect(utilizationBps(1n, 3n)).toBe(3333n);
    expect(utilizationBps(2n, 3n)).toBe(6666n);
    expect(utilizationFixed9(90n, 100n)).toBe(900_000_000n);
  });

  it('is not clamped unless asked, as the backend clamps to 1', () => {
    expect(utilizationFixed9(3n, 2n)).toBe(1_500_000_000n);
    expect(utilizationFixed9(3n, 2n, true)).toBe(UTILIZATION_ONE);
    expect(utilizationBps(3n, 2n)).toBe(15_000n);
  });

  it('is 0 without capital (backend convention)', () => {
    expect(utilizationFixed9(5n, 0n)).toBe(0n);
    expect(utilizationBps(5n, 0n)).toBe(0n);
  });

  it('compares against thresholds exactly', () => {
    // 8999.99… bps rounds down to 8999 but the exact test must still see it below 90 %.
    expect(isUtilizationAtLeast(899_999_999n, 1_000_000_000n, 9000)).toBe(false);
    expect(isUtilizationAtLeast(900_000_000n, 1_000_000_000n, 9000)).toBe(true);
    expect(isUtilizationAtLeast(1n, 0n, 9000)).toBe(true);
    expect(isUtilizationAtLeast(0n, 0n, 9000)).toBe(false);
  });
});
