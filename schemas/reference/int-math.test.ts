import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorDiv, mulDiv } from './int-math.js';

describe('TVM integer division', () => {
  it('floors toward negative infinity', () => {
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(floorDiv(7n, -2n)).toBe(-4n);
    expect(floorDiv(-7n, -2n)).toBe(3n);
    expect(floorDiv(-8n, 2n)).toBe(-4n);
    expect(mulDiv(-1n, 1n, 3n)).toBe(-1n);
  });

  it('satisfies a = q·b + r with 0 ≤ r < |b| in the sign of b', () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt().filter((b) => b !== 0n),
        (a, b) => {
          const q = floorDiv(a, b);
          const r = a - q * b;
          if (b > 0n) expect(r >= 0n && r < b).toBe(true);
          else expect(r <= 0n && r > b).toBe(true);
        },
      ),
    );
  });
});
