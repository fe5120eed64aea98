import { describe, expect, it } from 'vitest';
import { collateralizationBps, isUndercollateralized } from './collateralization.js';

describe('collateralization', () => {
  it('is capital / coverage in bps, rounded down', () => {
    expect(collateralizationBps(110n, 100n)).toBe(11_000n);
    expect(collateralizationBps(10n, 3n)).toBe(33_333n);
    expect(collateralizationBps(0n, 3n)).toBe(0n);
  });

  it('is null (infinite) without coverage', () => {
    expect(collateralizationBps(100n, 0n)).toBeNull();
  });

  it('flags below the minimum exactly', () => {
    expect(isUndercollateralized(110n, 100n, 11_000)).toBe(false);
    expect(isUndercollateralized(1_099_999_999n, 1_000_000_000n, 11_000)).toBe(true);
    expect(isUndercollateralized(0n, 0n, 11_000)).toBe(false);
  });
});
