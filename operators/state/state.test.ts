import { describe, expect, it } from 'vitest';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type { CanonicalEvent, EventData } from '../../schemas/events/canonical-event.js';
import type { EventType } from '../../schemas/events/definitions.js';
import type { PolicyBookState, VaultState } from '../../schemas/state/contract-state.js';
import { applyEvent } from './apply-event.js';
import { ContractStateStore } from './contract-state-store.js';
import { flattenGetters, stateFromGetters, stateToGetterView } from './getter-view.js';
import { deployDefaults } from './initial-state.js';
import { stateFromJson, stateToJson, stateToRowJson } from './state-json.js';
import { v3CurveMultiplier } from './vault-math.js';

const VAULT = '0:' + 'aa'.repeat(32);
const USER = '0:' + 'bb'.repeat(32);
const CHILD = '0:' + 'cc'.repeat(32);
const TON = 1_000_000_000n;

let lt = 1000n;
function ev<T extends EventType>(
  kind: ContractKind,
  type: T,
  data: EventData<T>,
  utime = 1_700_000_000,
  owner = VAULT,
): CanonicalEvent {
  lt += 1000n;
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

const deposit = (
  kind: ContractKind,
  trancheId: number,
  amount: bigint,
  utime?: number,
  txId: bigint | null = null,
) => ev(kind, 'DepositMade', { trancheId, depositor: USER, amount, tokens: null, txId }, utime);

function vault(kind: 'vault-v2' | 'vault-v3', testMode = true): VaultState {
  return deployDefaults(kind, VAULT, { testMode }) as VaultState;
}

function run<S extends VaultState | PolicyBookState>(state: S, events: CanonicalEvent[]): S {
  return events.reduce((s, e) => applyEvent(s, e), state);
}

describe('v2 vault arithmetic', () => {
  it('prices deposits at NAV = (capital + yield) × 1e9 / tokens and distributes premiums by allocation', () => {
    const s = run(vault('vault-v2'), [
      deposit('vault-v2', 1, 100n * TON),
      ev('vault-v2', 'PremiumsDistributed', { amount: 10n * TON }),
      deposit('vault-v2', 1, 50n * TON),
    ]);
    const btc = s.tranches[0]!;
    // 25 % of the premium goes to BTC; NAV = 102.5/100; 50 TON buy floor(50e9 × 1e9 / 1.025e9) tokens.
    expect(btc.accumulatedYield).toBe(2_500_000_000n);
    expect(btc.totalTokens).toBe(100n * TON + 48_780_487_804n);
    expect(s.accumulatedPremiums).toBe(10n * TON);
    expect(s.tranches.map((t) => t.accumulatedYield)).toEqual(
      [2.5, 2, 1.8, 1.5, 1.2, 1].map((x) => BigInt(x * 1e9)),
    );
    // Test mode overwrites the depositor's balance with the last deposit's tokens.
    expect(s.depositorBalances[USER]).toEqual({ trancheId: 1, tokens: 48_780_487_804n, lockUntil: 0 });
    expect(s.totalCapital).toBe(150n * TON);
  });

  it('absorbs losses EQT first and opens a 24 h circuit-breaker window', () => {
    const s = run(vault('vault-v2'), [
      deposit('vault-v2', 6, 3n * TON),
      deposit('vault-v2', 5, 100n * TON),
      ev('vault-v2', 'LossAbsorbed', { amount: 5n * TON, claimant: null, policyId: null }, 1_700_000_500),
    ]);
    expect(s.tranches[5]!.capital).toBe(0n);
    expect(s.tranches[4]!.capital).toBe(98n * TON);
    expect(s.totalCapital).toBe(98n * TON);
    expect(s.accumulatedLosses).toBe(5n * TON);
    expect(s.circuitBreakerWindowStart).toBe(1_700_000_500);
    expect(s.circuitBreakerLosses).toBe(5n * TON);
  });

  it('keeps production deposits pending and rolls them back without touching total_capital (v2 quirk)', () => {
    let s = run(vault('vault-v2', false), [deposit('vault-v2', 2, 10n * TON, undefined, 42n)]);
    expect(s.seqNo).toBe(1);
    expect(s.pendingTxs['42']?.tokens).toBe(10n * TON);
    expect(s.depositorBalances[USER]).toBeUndefined();
    s = applyEvent(
      s,
      ev('vault-v2', 'DepositRolledBack', { txId: 42n, trancheId: 2, amount: 10n * TON, user: USER }),
    );
    expect(s.tranches[1]!.capital).toBe(0n);
    expect(s.tranches[1]!.totalTokens).toBe(0n);
    expect(s.totalCapital).toBe(10n * TON);
    expect(s.pendingTxs).toEqual({});
  });

  it('withdraws at the plain NAV and updates the balance', () => {
    const s = run(vault('vault-v2'), [
      deposit('vault-v2', 3, 10n * TON),
      ev('vault-v2', 'WithdrawalMade', {
        trancheId: 3,
        withdrawer: USER,
        tokenAmount: 4n * TON,
        payout: 4n * TON,
        txId: null,
      }),
    ]);
    expect(s.tranches[2]!.capital).toBe(6n * TON);
    expect(s.depositorBalances[USER]?.tokens).toBe(6n * TON);
    expect(s.seqNo).toBe(0);
  });
});

describe('v3 vault arithmetic', () => {
  it('applies the time curves of the contract (spec §7.3 b)', () => {
    const year = 1_000_000_000n;
    expect(v3CurveMultiplier(1, year)).toBe(1_040_000_000n);
    expect(v3CurveMultiplier(2, year)).toBe(1_040_000_000n);
    expect(v3CurveMultiplier(2, 2n * year)).toBe(1_000_000_000n);
    expect(v3CurveMultiplier(4, 0n)).toBe(1_050_000_000n);
    expect(v3CurveMultiplier(5, 2n * year)).toBe(1_840_000_000n);
    expect(v3CurveMultiplier(6, 2n * year)).toBe(1_250_000_000n);
  });

  it('prices a later deposit with the time multiplier and caps EQT yield at 25 % of capital', () => {
    const t0 = 1_700_000_000;
    const s = run(vault('vault-v3'), [
      deposit('vault-v3', 3, 100n * TON, t0),
      deposit('vault-v3', 3, 110n * TON, t0 + 31_536_000),
      deposit('vault-v3', 6, 4n * TON, t0),
      ev('vault-v3', 'YieldAccrued', {
        total: 3n * TON,
        trancheId: null,
        perTranche: [0n, 0n, 0n, 0n, TON, 2n * TON],
      }),
    ]);
    const mezz = s.tranches[2]!;
    expect(mezz.firstDepositTime).toBe(t0);
    // One year later the linear curve gives NAV 1.1: 110 TON buy 100 tokens.
    expect(mezz.totalTokens).toBe(200n * TON);
    expect(s.tranches[5]!.accumulatedYield).toBe(TON);
    expect(s.protocolEarnedCapital).toBe(TON);
    expect(s.tranches[4]!.accumulatedYield).toBe(TON);
  });
});

describe('policy books', () => {
  it('numbers, counts and expires v3 child policies', () => {
    const book = deployDefaults('oracle-child-v3', CHILD);
    const created = ev(
      'oracle-child-v3',
      'PolicyCreated',
      {
        primary: true,
        policyId: null,
        user: USER,
        coverageType: null,
        chainId: null,
        stablecoinId: null,
        productType: 3,
        assetId: 1,
        coverageAmount: 500n * TON,
        premium: TON,
        durationDays: 30,
        durationHours: null,
        startTime: 1_700_000_000,
        expiry: null,
        shardId: null,
        productHash: null,
        latitude: null,
        longitude: null,
        radiusKm: null,
      },
      1_700_000_000,
      CHILD,
    );
    const s = run(book as PolicyBookState, [created]);
    expect(s.nextPolicyId).toBe(2n);
    expect(s.totalPolicies).toBe(1n);
    expect(s.totalCoverage).toBe(500n * TON);
    expect(s.policies['1']?.expiry).toBe(1_700_000_000 + 30 * 86_400);
    expect(flattenGetters(stateToGetterView('oracle-child-v3', s))).toMatchObject({
      getNextPolicyId: '2',
      getTotalPolicies: '1',
      getTotalCoverage: '500000000000',
    });
  });
});

describe('ContractStateStore', () => {
  it('skips events at or below the last applied position (replays, duplicates)', () => {
    const events = [
      deposit('vault-v2', 1, 10n * TON),
      ev('vault-v2', 'PremiumsDistributed', { amount: TON }),
    ];
    const store = new ContractStateStore({
      contracts: new Map([[VAULT, 'vault-v2']]),
      deployConfig: () => ({ testMode: true }),
    });
    expect(store.apply(events).changes).toHaveLength(2);
    const once = stateToJson(store.get(VAULT)!);
    const again = store.apply([...events, ...events]);
    expect(again.changes).toHaveLength(0);
    expect(again.skipped).toBe(4);
    expect(stateToJson(store.get(VAULT)!)).toEqual(once);
  });

  it("names the policies each event touched and shares a book's policies instead of copying them", () => {
    const policy = (policyId: bigint | null, coverageAmount: bigint) =>
      ev(
        'policy-factory-v2',
        'PolicyCreated',
        {
          primary: true,
          policyId,
          user: USER,
          coverageType: 1,
          chainId: 0,
          stablecoinId: 0,
          productType: null,
          assetId: null,
          coverageAmount,
          premium: TON,
          durationDays: 30,
          durationHours: null,
          startTime: null,
          expiry: null,
          shardId: null,
          productHash: null,
          latitude: null,
          longitude: null,
          radiusKm: null,
        },
        1_700_000_000,
        CHILD,
      );
    const store = new ContractStateStore({ contracts: new Map([[CHILD, 'policy-factory-v2']]) });
    const { changes } = store.apply([
      policy(null, 10n * TON),
      policy(null, 20n * TON),
      ev('policy-factory-v2', 'PolicyClaimed', { policyId: 1n } as EventData<'PolicyClaimed'>, 1, CHILD),
      ev('policy-factory-v2', 'PolicyClaimed', { policyId: 9n } as EventData<'PolicyClaimed'>, 1, CHILD),
    ]);
    expect(changes.map((c) => c.policyIds)).toEqual([['1'], ['2'], ['1'], []]);
    const book = store.get(CHILD) as PolicyBookState;
    expect(changes.every((c) => (c.before as PolicyBookState).policies === book.policies)).toBe(true);
    expect(book.policies['1']).toMatchObject({ claimed: true, active: false, coverage: 10n * TON });
    expect(book.policies['2']).toMatchObject({ claimed: false, active: true, coverage: 20n * TON });
    expect(book.claimsProcessed).toBe(2n);
  });

  it('round-trips states through JSON exactly', () => {
    const store = new ContractStateStore();
    store.apply([
      deposit('vault-v2', 1, 10n * TON, undefined, 7n),
      ev('vault-v2', 'PremiumsDistributed', { amount: TON }),
    ]);
    const json = JSON.parse(JSON.stringify(store.toJson())) as Record<string, unknown>;
    const restored = ContractStateStore.fromJson(json);
    expect(restored.get(VAULT)).toEqual(store.get(VAULT));
    for (const kind of [
      'policy-router-v2',
      'treasury-v2',
      'float-master-v3',
      'policy-nft-minter-v3',
      'tranche-token-v2',
      'claims-processor-v2',
    ] as const) {
      const s = deployDefaults(kind, CHILD);
      expect(stateFromJson(stateToJson(s))).toEqual(s);
      expect(stateFromJson(stateToRowJson(s))).toEqual(s);
    }
  });

  it("leaves a policy book's policies out of its state row and nothing else", () => {
    const book = deployDefaults('policy-shard-v2', CHILD) as PolicyBookState;
    book.totalPolicies = 2n;
    book.policies['7'] = {
      policyId: 7n,
      user: USER,
      coverageType: 1,
      chainId: 2,
      stablecoinId: 3,
      productType: null,
      assetId: null,
      coverage: 5n * TON,
      premium: TON,
      startTime: 100,
      expiry: 200,
      active: true,
      claimed: false,
    };
    const row = stateToRowJson(book);
    expect(row).not.toContain('"policies"');
    expect(stateFromJson(row)).toEqual({ ...book, policies: {} });
  });

  it('bootstraps from a get-method snapshot and skips events up to its lt', () => {
    const snapshot = {
      address: VAULT,
      state: { last_tx_lt: '5000' },
      getters: {
        getTotalCapital: { ok: true, value: '7' },
        getTrancheInfo: { ok: false, error: 'x' },
        'getTrancheInfo(1)': {
          ok: true,
          value: {
            capital: '7',
            apyMin: '400',
            apyMax: '400',
            curveType: '1',
            allocationPercent: '25',
            accumulatedYield: '0',
            tokenAddress: { address: null },
            totalTokens: '7',
          },
        },
        getTestMode: { ok: true, value: true },
      },
    };
    const s = stateFromGetters('vault-v2', snapshot) as VaultState;
    expect(s.totalCapital).toBe(7n);
    expect(s.tranches[0]!.totalTokens).toBe(7n);
    const store = new ContractStateStore();
    store.set(s);
    const old = { ...deposit('vault-v2', 1, TON), lt: '4000' } as CanonicalEvent;
    expect(store.apply([old]).skipped).toBe(1);
  });
});
