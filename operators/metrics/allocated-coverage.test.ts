import { describe, expect, it } from 'vitest';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { allocatedCoverage } from './allocated-coverage.js';

describe('allocated coverage', () => {
  it('splits by allocation percent, flooring each share', () => {
    expect(allocatedCoverage(1000n, 25)).toBe(250n);
    expect(allocatedCoverage(999n, 18)).toBe(179n); // 179.82
    const shares = defaultReferenceData().tranches.v2.map((t) =>
      allocatedCoverage(999n, t.allocationPercent),
    );
    expect(shares).toEqual([249n, 199n, 179n, 149n, 119n, 99n]);
    expect(shares.reduce((a, b) => a + b, 0n)).toBeLessThanOrEqual(999n);
  });
});
