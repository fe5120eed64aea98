/**
 * Get-method views of derived state, and states bootstrapped from get-method snapshots.
 *
 * `stateToGetterView` answers what the chain's get-methods would return, under the method names of the
 * get-method snapshots (`getTotalCapital`, `getTrancheInfo(3)`, ...; values as JSON: bigints as decimal strings,
 * addresses as `{address}`). `flattenGetters` turns either side into `name[.field] → string` metrics, which is
 * what the drift job and the corpus test compare.
 *
 * `stateFromGetters` builds a state from one snapshot row (`{address, getters, state: {last_tx_lt, data_boc?}}`).
 * Vault rows carry the account data BOC; when present it is parsed, which recovers what no get-method exposes
 * (v3 total tokens, yields and first-deposit times, depositor balances by address hash).
 */
import { markAllEntries } from './entry-journal.js';
import { Address, beginCell, Cell, Dictionary, type Slice } from '@ton/core';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type {
  ContractState,
  DepositorBalance,
  TrancheState,
  VaultState,
} from '../../schemas/state/contract-state.js';
import { TRANCHE_IDS } from '../../schemas/state/contract-state.js';
import { deployDefaults } from './initial-state.js';
import { vaultNav } from './vault-state.js';

export type GetterValue =
  string | number | boolean | null | { address: string | null } | { [field: string]: GetterValue };
export type GetterView = Record<string, GetterValue>;

/** One row of a get-method snapshot (the corpus getters.jsonl format). */
export interface GetterSnapshot {
  address: string;
  getters: Record<string, { ok: boolean; value?: unknown; error?: unknown }>;
  state?: { last_tx_lt?: string | null; data_boc?: string | null } | null;
}

const TRANCHE_GETTER_KEYS = ['btc', 'snr', 'mezz', 'jnr', 'jnrPlus', 'eqt'] as const;

function addr(value: string | null): { address: string | null } {
  return { address: value };
}

/** `hash:<hex>` key of a depositor as the contract keys its balances (`slice_hash(address)`). */
export function depositorHashKey(address: string): string {
  return `hash:${beginCell().storeAddress(Address.parse(address)).endCell().hash().toString('hex')}`;
}

/** The balance the vault's `get_depositor_balance(address)` returns; zeros when there is none. */
export function depositorBalanceOf(state: VaultState, address: string): DepositorBalance {
  let balance = state.depositorBalances[address];
  if (!balance) {
    try {
      balance = state.depositorBalances[depositorHashKey(address)];
    } catch {
      balance = undefined;
    }
  }
  return balance ?? { trancheId: 0, tokens: 0n, lockUntil: 0 };
}

function vaultView(state: VaultState, now: number, depositors: readonly string[]): GetterView {
  const view: GetterView = {
    getTotalCapital: state.totalCapital.toString(),
    getTotalCoverageSold: state.totalCoverageSold.toString(),
    getAccumulatedPremiums: state.accumulatedPremiums.toString(),
    getAccumulatedLosses: state.accumulatedLosses.toString(),
    getPaused: state.paused,
    getTestMode: state.testMode,
    getCircuitBreakerStatus: {
      windowStart: String(state.circuitBreakerWindowStart),
      losses: state.circuitBreakerLosses.toString(),
    },
  };
  for (const t of state.tranches) {
    const nav = vaultNav(state, t, now).toString();
    view[`getTrancheCapital(${t.id})`] = t.capital.toString();
    view[`getTrancheApy(${t.id})`] = { min: String(t.apyMinBps), max: String(t.apyMaxBps) };
    view[`getTrancheInfo(${t.id})`] = {
      capital: t.capital.toString(),
      apyMin: String(t.apyMinBps),
      apyMax: String(t.apyMaxBps),
      curveType: String(t.curveType),
      allocationPercent: String(t.allocationPercent),
      accumulatedYield: t.accumulatedYield.toString(),
      tokenAddress: addr(t.tokenAddress),
      totalTokens: t.totalTokens.toString(),
    };
    if (state.generation === 'v2') {
      view[`getTrancheNAV(${t.id})`] = nav;
      view[`getTrancheTotalTokens(${t.id})`] = t.totalTokens.toString();
      view[`getTrancheTokenAddress(${t.id})`] = addr(t.tokenAddress);
      view[`getTrancheState(${t.id})`] = {
        totalCapital: t.capital.toString(),
        tokenSupply: t.totalTokens.toString(),
        // total_coverage_sold × 10000 / capital, with the never-updated counter.
        utilization: t.capital > 0n ? ((state.totalCoverageSold * 10_000n) / t.capital).toString() : '0',
        nav,
        accumulatedYield: t.accumulatedYield.toString(),
      };
    } else {
      view[`getTrancheNav(${t.id})`] = nav;
      view[`getTrancheDepositTime(${t.id})`] = String(t.firstDepositTime ?? 0);
    }
  }
  if (state.generation === 'v2') {
    view.getSeqNo = String(state.seqNo);
  } else {
    view.getProtocolEarnedCapital = state.protocolEarnedCapital.toString();
    view.getVersion = 3;
  }
  for (const [key, getter] of [
    ['owner', 'getOwner'],
    ['admin', 'getAdmin'],
    ['claimsProcessor', 'getClaimsProcessor'],
    ['masterFactory', 'getMasterFactory'],
    ['floatManager', 'getFloatManager'],
  ] as const) {
    if (key in state.config) view[getter] = addr(state.config[key] ?? null);
  }
  for (const depositor of depositors) {
    const b = depositorBalanceOf(state, depositor);
    view[`getDepositorBalance(${depositor})`] = {
      trancheId: String(b.trancheId),
      balance: b.tokens.toString(),
      lockUntil: String(b.lockUntil),
      stakeStartTime: '0',
    };
  }
  return view;
}

export interface GetterViewOptions {
  /** Unix time the get-methods run at (v3 NAV depends on it); default: the last applied event's utime. */
  now?: number;
  /** Vaults: depositors to answer `getDepositorBalance(address)` for; default: every known one. */
  depositors?: readonly string[];
}

/** What the contract's get-methods would return for this state. */
export function stateToGetterView(
  kind: ContractKind,
  state: ContractState,
  options: GetterViewOptions = {},
): GetterView {
  const now = options.now ?? state.position.lastUtime;
  switch (state.family) {
    case 'vault':
      return vaultView(
        state,
        now,
        options.depositors ?? Object.keys(state.depositorBalances).filter((k) => !k.startsWith('hash:')),
      );
    case 'policy-book': {
      const view: GetterView = {};
      if (kind === 'master-factory-v3') {
        view.getTotalPoliciesCreated = state.totalPolicies.toString();
        view.getTotalClaimsProcessed = state.claimsProcessed.toString();
      } else if (kind.endsWith('subfactory-v3')) {
        view.getTotalPolicies = state.totalPolicies.toString();
        view.getTotalChildren = state.totalChildren;
      } else if (kind === 'policy-shard-v2') {
        view.getShardStats = { count: state.totalPolicies.toString() };
      } else {
        view.getNextPolicyId = state.nextPolicyId.toString();
        if (kind !== 'policy-factory-v2') view.getTotalPolicies = state.totalPolicies.toString();
        if (kind.endsWith('-child-v3')) view.getTotalCoverage = state.totalCoverage.toString();
      }
      if (state.generation === 'v3') view.getPaused = state.paused;
      return view;
    }
    case 'treasury': {
      const total = state.trancheYields.reduce((a, b) => a + b, 0n);
      const view: GetterView = {
        getTreasuryStats: {
          totalPremiums: state.totalPremiums.toString(),
          totalPayouts: state.totalPayouts.toString(),
          reserveBalance: state.reserve.toString(),
        },
        getReserveBalance: state.reserve.toString(),
        getTotalYieldDistributed: total.toString(),
        getAllTrancheYields: Object.fromEntries(
          TRANCHE_GETTER_KEYS.map((k, i) => [k, (state.trancheYields[i] ?? 0n).toString()]),
        ),
      };
      TRANCHE_GETTER_KEYS.forEach((k, i) => {
        view[`get${k[0]!.toUpperCase()}${k.slice(1)}YieldDistributed`] = (
          state.trancheYields[i] ?? 0n
        ).toString();
      });
      return view;
    }
    case 'float-master': {
      const float =
        state.allocations.rwa + state.allocations.btc + state.allocations.defi + state.allocations.hedge;
      return {
        getTotalFloatBalance: float.toString(),
        getMaturityRatio: (state.activeCoverageCapital > 0n
          ? (float * 1_000_000_000n) / state.activeCoverageCapital
          : 0n
        ).toString(),
        getTotalPremiumsCollected: state.totalPremiums.toString(),
        getTotalActiveCoverage: state.totalActiveCoverage.toString(),
        getActiveCoverageCapital: state.activeCoverageCapital.toString(),
        getExpiredCoverageCapital: state.expiredCoverageCapital.toString(),
        getFloatAllocations: {
          rwa: state.allocations.rwa.toString(),
          btc: state.allocations.btc.toString(),
          defi: state.allocations.defi.toString(),
          hedge: state.allocations.hedge.toString(),
        },
        getPaused: state.paused,
      };
    }
    case 'nft-minter':
      return {
        getNextNFTId: state.nextNftId.toString(),
        getTotalNFTsMinted: state.totalMinted.toString(),
        getPaused: state.paused,
      };
    case 'tranche-token':
      return { getTotalSupply: state.totalSupply.toString() };
    case 'generic':
      return {};
  }
}

/** `name[.field...] → string` metrics of a view or of a snapshot's `getters` (failed get-methods are left out). */
export function flattenGetters(
  values: Record<string, unknown>,
  fromSnapshot = false,
): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (prefix: string, v: unknown): void => {
    if (v === null || v === undefined) out[prefix] = 'null';
    else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('address' in o) out[prefix] = o.address === null ? 'null' : String(o.address);
      else if ('cell_hash' in o) out[prefix] = `cell:${String(o.cell_hash)}`;
      else for (const [k, x] of Object.entries(o)) walk(`${prefix}.${k}`, x);
    } else out[prefix] = String(v);
  };
  for (const [name, entry] of Object.entries(values)) {
    if (fromSnapshot) {
      const e = entry as { ok?: boolean; value?: unknown };
      if (!e || e.ok !== true) continue;
      walk(name, e.value);
    } else walk(name, entry);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Bootstrapping

function big(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return null;
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  const b = big(v);
  return b === null ? null : b !== 0n;
}

function addressOf(v: unknown): string | null | undefined {
  if (v && typeof v === 'object' && 'address' in v) {
    const a = (v as { address: unknown }).address;
    return typeof a === 'string' ? a : null;
  }
  return undefined;
}

function field(snapshot: GetterSnapshot, name: string): unknown {
  const entry = snapshot.getters[name];
  return entry && entry.ok ? entry.value : undefined;
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

const trancheCellValue = {
  serialize: () => {
    throw new Error('read only');
  },
  parse: (s: Slice): Cell => s.loadRef(),
};

function loadMsgAddress(s: Slice): string | null {
  const a = s.loadAddressAny();
  return a instanceof Address ? a.toRawString() : null;
}

function parseTranches(root: Cell): Map<number, Omit<TrancheState, 'firstDepositTime'>> {
  const dict = Dictionary.loadDirect(Dictionary.Keys.Uint(8), trancheCellValue, root);
  const out = new Map<number, Omit<TrancheState, 'firstDepositTime'>>();
  for (const [id, cell] of dict) {
    const s = cell.beginParse();
    out.set(id, {
      id,
      capital: s.loadCoins(),
      apyMinBps: s.loadUint(16),
      apyMaxBps: s.loadUint(16),
      curveType: s.loadUint(8),
      allocationPercent: s.loadUint(8),
      accumulatedYield: s.loadCoins(),
      tokenAddress: loadMsgAddress(s),
      totalTokens: s.loadCoins(),
    });
  }
  return out;
}

function parseBalances(s: Slice, withPositionsRef: boolean): Record<string, DepositorBalance> {
  const value = {
    serialize: () => {
      throw new Error('read only');
    },
    parse: (v: Slice): DepositorBalance => {
      const b = v.loadRef().beginParse();
      const out = { trancheId: b.loadUint(8), tokens: b.loadCoins(), lockUntil: b.loadUint(32) };
      if (withPositionsRef && b.remainingRefs > 0) b.loadRef();
      return out;
    },
  };
  const dict = Dictionary.load(Dictionary.Keys.BigUint(267), value, s);
  const out: Record<string, DepositorBalance> = {};
  for (const [key, balance] of dict)
    out[`hash:${(key & ((1n << 256n) - 1n)).toString(16).padStart(64, '0')}`] = balance;
  return out;
}

/** Vault state from its account data (`MultiTrancheVault.fc` load_data of either generation). */
export function vaultStateFromData(
  kind: 'vault-v2' | 'vault-v3',
  address: string,
  dataBoc: string,
): VaultState {
  const state = deployDefaults(kind, address) as VaultState;
  const s = Cell.fromBase64(dataBoc).beginParse();
  if (kind === 'vault-v2') state.config.owner = loadMsgAddress(s);
  else {
    state.config.masterFactory = loadMsgAddress(s);
    state.config.claimsProcessor = loadMsgAddress(s);
    state.config.floatManager = loadMsgAddress(s);
  }
  state.totalCapital = s.loadCoins();
  state.totalCoverageSold = s.loadCoins();
  state.accumulatedPremiums = s.loadCoins();
  state.accumulatedLosses = s.loadCoins();
  if (kind === 'vault-v3') state.protocolEarnedCapital = s.loadCoins();
  const tranches = parseTranches(s.loadRef());
  state.depositorBalances = parseBalances(s, kind === 'vault-v2');
  markAllEntries(state.depositorBalances);
  state.paused = s.loadUint(1) === 1;
  if (kind === 'vault-v2') {
    state.config.admin = loadMsgAddress(s);
    state.config.claimsProcessor = loadMsgAddress(s);
  }
  const ext = s.loadRef().beginParse();
  ext.loadUint(1);
  state.seqNo = ext.loadUint(32);
  state.circuitBreakerWindowStart = ext.loadUint(32);
  state.circuitBreakerLosses = ext.loadCoins();
  const depositTimes = new Map<number, number>();
  if (kind === 'vault-v3') {
    const times = Dictionary.load(
      Dictionary.Keys.Uint(8),
      { serialize: () => undefined, parse: (v: Slice) => v.loadUint(32) },
      ext,
    );
    for (const [id, t] of times) depositTimes.set(id, t);
  }
  ext.loadMaybeRef(); // pending_txs: layouts differ per generation; not needed for the state views
  ext.loadMaybeRef(); // tranche_locks
  state.testMode = ext.loadUint(1) === 1;
  state.tranches = TRANCHE_IDS.map((id) => {
    const t = tranches.get(id);
    const fallback = state.tranches.find((x) => x.id === id)!;
    return t ? { ...t, firstDepositTime: depositTimes.get(id) ?? null } : fallback;
  });
  return state;
}

function vaultStateFromGetters(kind: 'vault-v2' | 'vault-v3', snapshot: GetterSnapshot): VaultState {
  const state = deployDefaults(kind, snapshot.address) as VaultState;
  const num = (name: string): bigint => big(field(snapshot, name)) ?? 0n;
  state.totalCapital = num('getTotalCapital');
  state.totalCoverageSold = num('getTotalCoverageSold');
  state.accumulatedPremiums = num('getAccumulatedPremiums');
  state.accumulatedLosses = num('getAccumulatedLosses');
  state.protocolEarnedCapital = num('getProtocolEarnedCapital');
  state.paused = bool(field(snapshot, 'getPaused')) ?? false;
  state.testMode = bool(field(snapshot, 'getTestMode')) ?? false;
  state.seqNo = Number(num('getSeqNo'));
  const cb = obj(field(snapshot, 'getCircuitBreakerStatus'));
  state.circuitBreakerWindowStart = Number(big(cb.windowStart) ?? 0n);
  state.circuitBreakerLosses = big(cb.losses) ?? 0n;
  for (const t of state.tranches) {
    const info = obj(field(snapshot, `getTrancheInfo(${t.id})`));
    const apy = obj(field(snapshot, `getTrancheApy(${t.id})`));
    t.capital = big(info.capital) ?? big(field(snapshot, `getTrancheCapital(${t.id})`)) ?? 0n;
    t.apyMinBps = Number(big(info.apyMin) ?? big(apy.min) ?? BigInt(t.apyMinBps));
    t.apyMaxBps = Number(big(info.apyMax) ?? big(apy.max) ?? BigInt(t.apyMaxBps));
    t.curveType = Number(big(info.curveType) ?? BigInt(t.curveType));
    t.allocationPercent = Number(big(info.allocationPercent) ?? BigInt(t.allocationPercent));
    t.accumulatedYield = big(info.accumulatedYield) ?? 0n;
    t.tokenAddress =
      addressOf(info.tokenAddress) ?? addressOf(field(snapshot, `getTrancheTokenAddress(${t.id})`)) ?? null;
    t.totalTokens = big(info.totalTokens) ?? big(field(snapshot, `getTrancheTotalTokens(${t.id})`)) ?? 0n;
    const depositTime = big(field(snapshot, `getTrancheDepositTime(${t.id})`));
    t.firstDepositTime = depositTime && depositTime > 0n ? Number(depositTime) : null;
  }
  for (const [key, getter] of [
    ['owner', 'getOwner'],
    ['admin', 'getAdmin'],
    ['claimsProcessor', 'getClaimsProcessor'],
    ['masterFactory', 'getMasterFactory'],
    ['floatManager', 'getFloatManager'],
  ] as const) {
    const a = addressOf(field(snapshot, getter));
    if (a !== undefined) state.config[key] = a;
  }
  return state;
}

/**
 * A state bootstrapped from one get-method snapshot taken after the transaction `state.last_tx_lt`: events at or
 * below that lt are then skipped by position. Depositor balances are known by address hash only.
 */
export function stateFromGetters(kind: ContractKind, snapshot: GetterSnapshot): ContractState {
  const atLt = snapshot.state?.last_tx_lt ?? null;
  let state: ContractState;
  if (kind === 'vault-v2' || kind === 'vault-v3') {
    const data = snapshot.state?.data_boc;
    state = data ? vaultStateFromData(kind, snapshot.address, data) : vaultStateFromGetters(kind, snapshot);
  } else {
    state = deployDefaults(kind, snapshot.address);
    const num = (name: string): bigint | null => big(field(snapshot, name));
    const paused = bool(field(snapshot, 'getPaused'));
    if (paused !== null) state.paused = paused;
    switch (state.family) {
      case 'policy-book':
        state.nextPolicyId = num('getNextPolicyId') ?? state.nextPolicyId;
        state.totalPolicies =
          num('getTotalPolicies') ?? num('getTotalPoliciesCreated') ?? state.totalPolicies;
        state.totalCoverage = num('getTotalCoverage') ?? state.totalCoverage;
        state.claimsProcessed = num('getTotalClaimsProcessed') ?? state.claimsProcessed;
        state.totalChildren = Number(num('getTotalChildren') ?? 0n);
        break;
      case 'treasury': {
        const stats = obj(field(snapshot, 'getTreasuryStats'));
        const yields = obj(field(snapshot, 'getAllTrancheYields'));
        state.totalPremiums = big(stats.totalPremiums) ?? 0n;
        state.totalPayouts = big(stats.totalPayouts) ?? 0n;
        state.reserve = big(stats.reserveBalance) ?? num('getReserveBalance') ?? 0n;
        state.trancheYields = TRANCHE_GETTER_KEYS.map((k) => big(yields[k]) ?? 0n);
        break;
      }
      case 'float-master': {
        const alloc = obj(field(snapshot, 'getFloatAllocations'));
        state.totalPremiums = num('getTotalPremiumsCollected') ?? 0n;
        state.totalActiveCoverage = num('getTotalActiveCoverage') ?? 0n;
        state.activeCoverageCapital = num('getActiveCoverageCapital') ?? 0n;
        state.expiredCoverageCapital = num('getExpiredCoverageCapital') ?? 0n;
        state.allocations = {
          rwa: big(alloc.rwa) ?? 0n,
          btc: big(alloc.btc) ?? 0n,
          defi: big(alloc.defi) ?? 0n,
          hedge: big(alloc.hedge) ?? 0n,
        };
        break;
      }
      case 'nft-minter':
        state.nextNftId = num('getNextNFTId') ?? state.nextNftId;
        state.totalMinted = num('getTotalNFTsMinted') ?? 0n;
        break;
      case 'tranche-token':
        state.totalSupply = num('getTotalSupply') ?? 0n;
        break;
      case 'generic':
        break;
    }
  }
  state.origin = { source: 'get-methods', atLt };
  if (atLt !== null)
    state.position = { lastLt: atLt, lastIndex: Number.MAX_SAFE_INTEGER, lastUtime: 0, eventsApplied: 0 };
  return state;
}
