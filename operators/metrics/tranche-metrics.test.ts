import { describe, expect, it } from 'vitest';
import { defaultReferenceData, trancheParamsById } from '../../schemas/reference/index.js';
import { trancheMetrics } from './tranche-metrics.js';

const TON = 1_000_000_000n;

describe('tranche metrics', () => {
  const ref = defaultReferenceData();

  it('derives utilization, APY, collateralization and capacity from the allocated share', () => {
    const mezz = trancheParamsById(ref, 'v2', 3)!;
    // 18 % of 500 TON = 90 TON against 120 TON capital → 75 % utilization → linear 900 + 600×0.75 = 1350 bps.
    const m = trancheMetrics(mezz, 120n * TON, 500n * TON, ref.thresholds.maxUtilizationBps);
    expect(m.allocatedCoverage).toBe(90n * TON);
    expect(m.utilizationBps).toBe(7500n);
    expect(m.utilizationFixed9).toBe(750_000_000n);
    expect(m.apyBps).toBe(1350);
    expect(m.collateralizationBps).toBe(13_333n);
    expect(m.availableCapacity).toBe(24n * TON); // 114 − 90
  });

  it('handles an empty tranche', () => {
    const eqt = trancheParamsById(ref, 'v2', 6)!;
    const m = trancheMetrics(eqt, 0n, 0n, 9500);
    expect(m).toMatchObject({
      utilizationBps: 0n,
      apyBps: 1500,
      collateralizationBps: null,
      availableCapacity: 0n,
    });
  });
});
