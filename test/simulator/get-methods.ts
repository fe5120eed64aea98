/**
 * Registers, on the TonCenter test store, the get-method results the simulated contracts would return (method
 * names, arguments and stack layouts of spec §6 / the registry's get-method list), so a drift check against a
 * simulation reports zero drift. `drift` skews one value on purpose, to test that drift is detected.
 */
import { Address, beginCell, Cell, type TupleItem } from '@ton/core';
import { toTonCenterStack } from '../toncenter/format.js';
import type { TonCenterStore } from '../toncenter/store.js';
import type { SimulationExpectation } from './simulator.js';

export interface DriftInjection {
  /** Contract address (raw); default: the vault. */
  address?: string;
  /** Get-method whose first integer result is skewed, e.g. `get_total_capital` or `get_tranche_info`. */
  method: string;
  /** For methods with a tranche / id argument: which one (default: every argument). */
  arg?: number | bigint;
  /** Added to the value (nanoTON for amounts). Default +1 TON. */
  delta?: bigint;
}

export interface RegisterGetMethodsOptions {
  drift?: DriftInjection;
}

/** Anything with an `expected()` snapshot, or the snapshot itself. */
export type SimulationLike = { expected(): SimulationExpectation } | { expected: SimulationExpectation };

const int = (value: bigint | number | boolean): TupleItem => ({
  type: 'int',
  value: typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value),
});

const sliceCache = new Map<string, Cell>();
function addressCell(raw: string | null): Cell {
  const key = raw ?? '';
  let cell = sliceCache.get(key);
  if (!cell) {
    cell = beginCell()
      .storeAddress(raw ? Address.parseRaw(raw) : null)
      .endCell();
    sliceCache.set(key, cell);
  }
  return cell;
}

/** An address as the slice a `slice`-returning get-method leaves on the stack. */
function addressSlice(raw: string | null): TupleItem {
  return { type: 'slice', cell: addressCell(raw) };
}

function numArg(value: number | bigint): unknown[] {
  return [['num', BigInt(value).toString()]];
}

export function registerSimulationGetMethods(
  store: TonCenterStore,
  simulation: SimulationLike,
  options: RegisterGetMethodsOptions = {},
): void {
  const e = typeof simulation.expected === 'function' ? simulation.expected() : simulation.expected;
  const drift = options.drift;
  const set = (address: string, method: string, items: TupleItem[], arg?: number | bigint, exitCode = 0) => {
    if (
      drift &&
      (drift.address ?? e.vault.address) === address &&
      drift.method === method &&
      (drift.arg === undefined || (arg !== undefined && BigInt(drift.arg) === BigInt(arg)))
    ) {
      const i = items.findIndex((x) => x.type === 'int');
      const first = items[i];
      if (first && first.type === 'int')
        items = items.map((x, j) => (j === i ? int(first.value + (drift.delta ?? 1_000_000_000n)) : x));
    }
    store.setGetMethod(
      address,
      method,
      toTonCenterStack(items),
      exitCode,
      arg === undefined ? {} : { args: numArg(arg) },
    );
  };

  // vault-v2
  const v = e.vault;
  store.setAccountState(v.address, { status: 'active', balance: v.totalCapital + 10_000_000_000n });
  set(v.address, 'get_total_capital', [int(v.totalCapital)]);
  set(v.address, 'get_total_coverage_sold', [int(v.totalCoverageSold)]);
  set(v.address, 'get_paused', [int(v.paused)]);
  set(v.address, 'get_accumulated_premiums', [int(v.accumulatedPremiums)]);
  set(v.address, 'get_accumulated_losses', [int(v.accumulatedLosses)]);
  set(v.address, 'get_circuit_breaker_status', [
    int(v.circuitBreaker.windowStart),
    int(v.circuitBreaker.losses),
  ]);
  set(v.address, 'get_test_mode', [int(v.testMode)]);
  set(v.address, 'get_seq_no', [int(v.seqNo)]);
  set(v.address, 'get_owner', [addressSlice(v.owner)]);
  set(v.address, 'get_admin', [addressSlice(v.admin)]);
  set(v.address, 'get_claims_processor', [addressSlice(v.claimsProcessor)]);
  // Out-of-range tranche ids: validate_tranche_id throws 401.
  for (const m of [
    'get_tranche_capital',
    'get_tranche_apy',
    'get_tranche_info',
    'get_tranche_nav',
    'get_tranche_total_tokens',
    'get_tranche_token_address',
    'get_tranche_state',
  ])
    store.setGetMethod(v.address, m, [], 401);
  for (const t of v.tranches) {
    set(v.address, 'get_tranche_capital', [int(t.capital)], t.id);
    set(v.address, 'get_tranche_apy', [int(t.apyMinBps), int(t.apyMaxBps)], t.id);
    set(
      v.address,
      'get_tranche_info',
      [
        int(t.capital),
        int(t.apyMinBps),
        int(t.apyMaxBps),
        int(t.curveType),
        int(t.allocationPercent),
        int(t.accumulatedYield),
        addressSlice(t.tokenAddress),
        int(t.totalTokens),
      ],
      t.id,
    );
    set(v.address, 'get_tranche_nav', [int(t.nav)], t.id);
    set(v.address, 'get_tranche_total_tokens', [int(t.totalTokens)], t.id);
    set(v.address, 'get_tranche_token_address', [addressSlice(t.tokenAddress)], t.id);
    const utilization = t.capital > 0n ? (v.totalCoverageSold * 10_000n) / t.capital : 0n;
    set(
      v.address,
      'get_tranche_state',
      [int(t.capital), int(t.totalTokens), int(utilization), int(t.nav), int(t.accumulatedYield)],
      t.id,
    );
  }
  // Depositors without an entry read (0, 0, 0, 0); test-mode vaults have entries.
  store.setGetMethod(v.address, 'get_depositor_balance', toTonCenterStack([int(0), int(0), int(0), int(0)]));
  for (const [user, b] of Object.entries(v.depositorBalances)) {
    store.setGetMethod(
      v.address,
      'get_depositor_balance',
      toTonCenterStack([int(b.trancheId), int(b.tokens), int(b.lockUntil), int(0)]),
      0,
      { args: [['tvm.Slice', addressCell(user).toBoc().toString('base64')]] },
    );
  }

  // policy-router-v2
  const r = e.router;
  store.setAccountState(r.address, { status: 'active', balance: 50_000_000_000n });
  set(r.address, 'get_next_policy_id', [int(r.nextPolicyId)]);
  set(r.address, 'get_total_policies', [int(r.totalPolicies)]);
  set(r.address, 'get_registered_shard_count', [int(r.registeredShards)]);
  store.setGetMethod(r.address, 'get_shard_by_id', [], 404);
  r.shardAddresses.forEach((shard, id) => set(r.address, 'get_shard_by_id', [addressSlice(shard)], id));

  // policy-shard-v2
  for (const s of e.shards) {
    store.setAccountState(s.address, { status: 'active', balance: 5_000_000_000n });
    set(s.address, 'get_shard_stats', [int(s.shardId), int(s.policyCount)]);
    let gas = 5_000;
    for (let c = s.policyCount; c > 1; c = Math.floor(c / 2)) gas += 1_000;
    set(s.address, 'get_shard_health', [int(s.shardId), int(s.policyCount), int(s.paused), int(gas)]);
    store.setGetMethod(s.address, 'get_policy_data', [], 404);
    store.setGetMethod(s.address, 'get_full_policy_data', [], 404);
    for (const p of s.policies) {
      set(
        s.address,
        'get_policy_data',
        [
          int(p.coverageType),
          int(p.chainId),
          int(p.stablecoinId),
          int(p.coverage),
          int(p.premium),
          int(p.start),
          int(Math.floor((p.end - p.start) / 86_400)),
          int(p.active),
        ],
        p.policyId,
      );
      set(
        s.address,
        'get_full_policy_data',
        [
          int(p.policyId),
          addressSlice(p.user),
          int(p.coverageType),
          int(p.chainId),
          int(p.stablecoinId),
          int(p.coverage),
          int(p.start),
          int(p.end),
          int(p.active),
          int(p.claimed),
          int(p.premium),
          int(p.productHash),
        ],
        p.policyId,
      );
    }
  }

  // treasury-v2
  const t = e.treasury;
  store.setAccountState(t.address, { status: 'active', balance: t.reserve + 1_000_000_000n });
  set(t.address, 'get_total_premiums_collected', [int(t.totalPremiums)]);
  set(t.address, 'get_total_payouts_made', [int(t.totalPayouts)]);
  set(t.address, 'get_reserve_balance', [int(t.reserve)]);
  set(t.address, 'get_claims_processor', [addressSlice(t.claimsProcessor)]);
  set(t.address, 'get_treasury_stats', [int(t.totalPremiums), int(t.totalPayouts), int(t.reserve)]);
  const names = ['btc', 'snr', 'mezz', 'jnr', 'jnr_plus', 'eqt'];
  names.forEach((n, i) => set(t.address, `get_${n}_yield_distributed`, [int(t.trancheYields[i] ?? 0n)]));
  set(
    t.address,
    'get_all_tranche_yields',
    t.trancheYields.map((y) => int(y)),
  );
  set(t.address, 'get_total_yield_distributed', [int(t.trancheYields.reduce((a, b) => a + b, 0n))]);
  set(t.address, 'get_multi_tranche_vault', [addressSlice(t.vault)]);

  // tranche-token-v2
  for (const tok of e.trancheTokens) {
    store.setAccountState(tok.address, { status: 'active', balance: 1_000_000_000n });
    set(tok.address, 'get_total_supply', [int(tok.totalSupply)]);
    set(tok.address, 'get_vault_address', [addressSlice(tok.vault)]);
    set(tok.address, 'get_lock_period', [int(tok.lockPeriod)]);
  }
}
