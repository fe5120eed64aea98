import { describe, expect, it } from 'vitest';
import { availableCapacity, canAcceptCoverage } from './capacity.js';

const TON = 1_000_000_000n;

describe('capacity', () => {
  it('is max(0, capital × cap − coverage)', () => {
    expect(availableCapacity(100n * TON, 50n * TON, 9500)).toBe(45n * TON);
    expect(availableCapacity(100n * TON, 96n * TON, 9500)).toBe(0n);
    expect(availableCapacity(999n, 0n, 9500)).toBe(949n); // floor(949.05)
    expect(availableCapacity(0n, 0n, 9500)).toBe(0n);
  });

  it('accepts coverage up to the cap inclusive', () => {
    expect(canAcceptCoverage(100n * TON, 50n * TON, 45n * TON, 9500)).toBe(true);
    expect(canAcceptCoverage(100n * TON, 50n * TON, 45n * TON + 1n, 9500)).toBe(false);
  });

  it('accepts nothing without capital', () => {
    expect(canAcceptCoverage(0n, 0n, 1n, 9500)).toBe(false);
    expect(canAcceptCoverage(0n, 0n, 0n, 9500)).toBe(true);
  });
});
