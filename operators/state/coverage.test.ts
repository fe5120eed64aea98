import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent, EventData } from '../../schemas/events/canonical-event.js';
import type { VaultState } from '../../schemas/state/contract-state.js';
import { trancheSnapshotWindows } from '../windows/tranche-snapshots.js';
import { exposureSnapshotWindows } from '../windows/exposure-snapshots.js';
import { activeCoverage } from './active-coverage.js';
import { applyEvent } from './apply-event.js';
import { deployDefaults } from './initial-state.js';
import { policyExpiryTimer } from './policy-expiry.js';
import { trancheObservations, type TrancheInput } from './tranche-observations.js';

const SHARD = '0:' + '11'.repeat(32);
const VAULT = '0:' + '22'.repeat(32);
const TON = 1_000_000_000n;
const T0 = 1_700_000_000;

let lt = 0n;
function ev(
  type: CanonicalEvent['type'],
  data: unknown,
  utime: number,
  owner = SHARD,
  kind: CanonicalEvent['kind'] = 'policy-shard-v2',
): CanonicalEvent {
  lt += 10n;
  return {
    eventId: `${owner}:${lt}:h:0`,
    schemaVersion: 1,
    type,
    account: owner,
    stateOwner: owner,
    kind,
    lt: lt.toString(),
    hash: 'h',
    utime,
    index: 0,
    origin: 'in-message',
    op: null,
    logId: null,
    data,
  } as CanonicalEvent;
}

function policy(policyId: bigint, coverage: bigint, utime: number, days = 30): CanonicalEvent {
  const data: EventData<'PolicyCreated'> = {
    primary: true,
    policyId,
    user: null,
    coverageType: 0,
    chainId: 0,
    stablecoinId: 0,
    productType: null,
    assetId: null,
    coverageAmount: coverage,
    premium: TON,
    durationDays: days,
    durationHours: null,
    startTime: utime,
    expiry: null,
    shardId: 1,
    productHash: null,
    latitude: null,
    longitude: null,
    radiusKm: null,
  };
  return ev('PolicyCreated', data, utime);
}

const collect = <T>(o: import('rxjs').Observable<T>) => lastValueFrom(o.pipe(toArray()));

describe('policy expiry timer and active coverage', () => {
  it('expires a policy when event time passes start + duration, never earlier', async () => {
    const events = [
      policy(1n, 100n * TON, T0),
      policy(2n, 50n * TON, T0 + 10),
      ev('PolicyClaimed', { policyId: 2n } as never, T0 + 20),
      ev('ContractPaused', { by: null }, T0 + 30 * 86_400 + 1),
    ];
    const out = await collect(from(events).pipe(policyExpiryTimer()));
    const expired = out.filter((e) => e.type === 'PolicyExpired');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({
      eventId: `${SHARD}:expired:1`,
      utime: T0 + 30 * 86_400,
      data: { policyId: 1n },
    });
    // Emitted before the event that moved the watermark past it.
    expect(out.map((e) => e.type)).toEqual([
      'PolicyCreated',
      'PolicyCreated',
      'PolicyClaimed',
      'PolicyExpired',
      'ContractPaused',
    ]);

    const exposure = await collect(from(out).pipe(activeCoverage()));
    expect(exposure.map((o) => [o.activeCoverage, o.activePolicies, o.claims, o.expiredPolicies])).toEqual([
      [100n * TON, 1, 0, 0],
      [150n * TON, 2, 0, 0],
      [100n * TON, 1, 1, 0],
      [0n, 0, 0, 1],
    ]);
    expect(exposure[0]!.productKey).toBe('depeg:ethereum:usdc');

    const rows = await collect(
      from(exposure).pipe(exposureSnapshotWindows({ windows: [{ size: '1d', seconds: 86_400 }] })),
    );
    expect(rows[0]).toMatchObject({
      windowSize: '1d',
      productKey: 'depeg:ethereum:usdc',
      activeCoverage: 100n * TON,
      newPolicies: 2,
      claims: 1,
      version: 1,
    });
    expect(rows.at(-1)).toMatchObject({ activeCoverage: 0n, expiredPolicies: 1 });
  });
});

describe('tranche observations', () => {
  it('derives allocated coverage, utilization and APY per tranche', async () => {
    let vault = deployDefaults('vault-v2', VAULT, { testMode: true }) as VaultState;
    const deposit = ev(
      'DepositMade',
      { trancheId: 3, depositor: null, amount: 100n * TON, tokens: null, txId: null },
      T0,
      VAULT,
      'vault-v2',
    );
    const before = vault;
    vault = applyEvent(vault, deposit);
    const inputs: TrancheInput[] = [
      { type: 'state', change: { address: VAULT, event: deposit, before, after: vault, policyIds: [] } },
      { type: 'coverage', generation: 'v2', activeCoverage: 500n * TON, utime: T0 + 5, lt: '999' },
    ];
    const obs = await collect(from(inputs).pipe(trancheObservations()));
    expect(obs[0]).toMatchObject({
      trancheId: 3,
      capital: 100n * TON,
      deposit: 100n * TON,
      allocatedCoverage: 0n,
      utilizationBps: 0,
      apyBps: 900,
    });
    const mezz = obs.find((o) => o.trancheId === 3 && o.allocatedCoverage > 0n)!;
    // MEZZ backs 18 % of 500 TON = 90 TON on 100 TON capital: 90 % utilization, linear curve 900 + 600 × 0.9.
    expect(mezz).toMatchObject({
      allocatedCoverage: 90n * TON,
      utilizationBps: 9000,
      apyBps: 1440,
      collateralizationBps: 11111,
    });
    const rows = await collect(
      from(obs).pipe(trancheSnapshotWindows({ windows: [{ size: '1m', seconds: 60 }] })),
    );
    const mezzRow = rows.find((r) => r.trancheId === 3)!;
    expect(mezzRow).toMatchObject({
      trancheName: 'SURE-MEZZ',
      deposits: 100n * TON,
      depositCount: 1,
      utilizationBps: 9000,
      version: 1,
      lastLt: '999',
    });
  });
});
