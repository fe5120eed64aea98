import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TrancheObservation } from '../state/tranche-observations.js';
import { riskAlerts, tonToNano, type AlertInput } from './risk-alerts.js';

const base: TrancheObservation = {
  utime: 1,
  lt: '1',
  vault: '0:v',
  generation: 'v2',
  trancheId: 3,
  trancheName: 'SURE-MEZZ',
  capital: 100n,
  accumulatedYield: 0n,
  totalTokens: 100n,
  nav: 1_000_000_000n,
  allocationPercent: 18,
  allocatedCoverage: 0n,
  utilizationBps: 0,
  apyBps: 900,
  collateralizationBps: null,
  availableCapacity: 95n,
  deposit: 0n,
  withdrawal: 0n,
  premium: 0n,
  loss: 0n,
};

const tranche = (lt: string, utilizationBps: number, collateralizationBps: number | null): AlertInput => ({
  type: 'tranche',
  observation: { ...base, lt, utime: Number(lt), utilizationBps, collateralizationBps },
});

describe('riskAlerts', () => {
  it('emits on open and on resolve only', async () => {
    const inputs = [
      tranche('1', 5000, 20000),
      tranche('2', 9100, 10989),
      tranche('3', 9500, 10526),
      tranche('4', 8000, 12500),
    ];
    const alerts = await lastValueFrom(from(inputs).pipe(riskAlerts(), toArray()));
    expect(alerts.map((a) => [a.rule, a.state, a.lt])).toEqual([
      ['utilization-high', 'open', '2'],
      ['collateralization-low', 'open', '2'],
      ['utilization-high', 'resolved', '4'],
      ['collateralization-low', 'resolved', '4'],
    ]);
    expect(alerts[2]!.alertId).toBe(alerts[0]!.alertId);
    expect(alerts[0]!.subject).toMatchObject({ type: 'tranche', id: '0:v#3', trancheId: 3 });
  });

  it('converts configured TON amounts exactly', () => {
    expect(tonToNano('10')).toBe(10_000_000_000n);
    expect(tonToNano('0.5')).toBe(500_000_000n);
    expect(() => tonToNano('1.0000000001')).toThrow(RangeError);
  });
});
