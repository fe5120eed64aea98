/**
 * A deterministic simulator of the Tonsurance v2 protocol on TON: users, LPs and operators act at seeded times,
 * their messages are executed by models of the real contracts (protocol-v2.ts) and every execution becomes a
 * real `Transaction` BOC (chain.ts). The same seed always gives the same transactions, byte for byte.
 *
 * What runs: one vault-v2 (six tranches, v2 deploy parameters, production mode by default), six tranche tokens,
 * a policy-router-v2 with all 256 shard ids registered, the first N policy-shard-v2 of those watched (N = 4–8 by
 * default), a treasury-v2 and a claims-processor-v2. The activity mirrors what those contracts really do,
 * failures included: aborted compute phases with the contracts' exit codes (and the bounce back to the sender),
 * the router → treasury premium hop that underflows and bounces (router log 0x5A), the vault's mint messages
 * that the tokens cannot parse (bounce → retry log 0x90, a second bounce aborts, a stale bounce rolls back with
 * log 0x95), the circuit breaker (exit 50), pauses, unauthorized senders, invalid products and underpayments.
 *
 * Messages from wallets (users, the admin, the claims operator) enter at their action time; messages between
 * contracts are delivered 0–3 s after the transaction that sent them, so a child transaction always comes after
 * its parent in time and in lt. `simulateStream` yields records as they are produced and holds only in-flight
 * messages and contract state, so a million transactions need little memory.
 */
import { createHash } from 'node:crypto';
import { beginCell, Cell } from '@ton/core';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type { RawTransactionRecord } from '../../schemas/records/raw-transaction.js';
import { expectedPremiumV2 } from '../../schemas/reference/premium-v2.js';
import { isValidProduct } from '../../schemas/reference/product-validity.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { absorbLoss } from '../../schemas/contracts/v2/vault/absorb-loss.js';
import { claimYield } from '../../schemas/contracts/v2/vault/claim-yield.js';
import { deposit } from '../../schemas/contracts/v2/vault/deposit.js';
import { pause as vaultPause } from '../../schemas/contracts/v2/vault/pause.js';
import { unpause as vaultUnpause } from '../../schemas/contracts/v2/vault/unpause.js';
import { withdraw } from '../../schemas/contracts/v2/vault/withdraw.js';
import { createPolicy } from '../../schemas/contracts/v2/policy-router/create-policy.js';
import { pause as routerPause } from '../../schemas/contracts/v2/policy-router/pause.js';
import { unpause as routerUnpause } from '../../schemas/contracts/v2/policy-router/unpause.js';
import { createPolicySharded } from '../../schemas/contracts/v2/policy-shard/create-policy-sharded.js';
import { markPolicyClaimed } from '../../schemas/contracts/v2/policy-shard/mark-policy-claimed.js';
import { markPolicyInactive } from '../../schemas/contracts/v2/policy-shard/mark-policy-inactive.js';
import { pause as shardPause } from '../../schemas/contracts/v2/policy-shard/pause.js';
import { unpause as shardUnpause } from '../../schemas/contracts/v2/policy-shard/unpause.js';
import { receivePremium } from '../../schemas/contracts/v2/treasury/receive-premium.js';
import { receiveYieldConfirmation } from '../../schemas/contracts/v2/treasury/receive-yield-confirmation.js';
import { processPayout } from '../../schemas/contracts/v2/treasury/process-payout.js';
import { fileClaim } from '../../schemas/contracts/v2/claims-processor/file-claim.js';
import { setOracleAdapter } from '../../schemas/contracts/v2/claims-processor/set-oracle-adapter.js';
import { Ledger, type Delivery } from './chain.js';
import { Prng } from './prng.js';
import {
  ClaimsProcessorV2,
  PolicyRouterV2,
  PolicyShardV2,
  SHARD_COUNT,
  TON,
  TrancheTokenV2,
  TreasuryV2,
  VaultV2,
  type MintBounceHandling,
  type Outcome,
} from './protocol-v2.js';

export interface SimulationOptions {
  seed: number | string;
  /** Number of transactions to produce (the run stops exactly there; messages still in flight are not delivered). */
  transactions: number;
  /** Unix time of the first action. Default 1,735,689,600 (2025-01-01T00:00:00Z). */
  startUtime?: number;
  /** v3 activity; not simulated yet (throws when true). */
  v3?: boolean;
  /** Share of user actions that are deliberately invalid (bad amounts, products, senders). Default 0.06. */
  failureRate?: number;
  /**
   * Mean user actions per second (gaps drawn from an exponential distribution, whole seconds). Default: gaps
   * uniform in 1–30 s.
   */
  ratePerSecond?: number;
  /** Watched policy shards (shard ids 0..n-1 of the router's 256). Default: seeded 4–8. */
  shards?: number;
  /** Size of the user wallet pool. Default 64. */
  users?: number;
  /** Deploy the vault in test mode (balances written, withdrawals paid directly, no mint). Default false. */
  vaultTestMode?: boolean;
  /**
   * How the vault handles its bounced mint messages. 'spec' (default): the handler of spec §3.1 — retry with
   * log 0x90, a second bounce aborts (exit 9), a bounce older than an hour rolls back with log 0x95 and a refund.
   * 'abort': the bounce handler fails with exit 9 every time, as the emulator corpus recorded.
   */
  mintBounce?: MintBounceHandling;
  /** Share of mint messages delivered more than an hour late (their bounce then rolls back). Default 0.05. */
  staleMintRate?: number;
}

/** A raw record as the simulator emits it (the `ton.transactions.v1` form with source 'simulator'). */
export type SimulatedRecord = RawTransactionRecord;

/** Raw address → contract kind, the JSON shape of a contract map file. */
export type SimulationContracts = Record<string, ContractKind>;

export interface TrancheExpectation {
  id: number;
  capital: bigint;
  apyMinBps: number;
  apyMaxBps: number;
  curveType: number;
  allocationPercent: number;
  accumulatedYield: bigint;
  tokenAddress: string;
  totalTokens: bigint;
  nav: bigint;
}

export interface ShardPolicyExpectation {
  policyId: bigint;
  user: string;
  coverageType: number;
  chainId: number;
  stablecoinId: number;
  coverage: bigint;
  start: number;
  end: number;
  active: boolean;
  claimed: boolean;
  premium: bigint;
  productHash: number;
}

/** What the chain's get-methods report after the run. */
export interface SimulationExpectation {
  vault: {
    address: string;
    owner: string;
    admin: string;
    claimsProcessor: string;
    totalCapital: bigint;
    totalCoverageSold: bigint;
    accumulatedPremiums: bigint;
    accumulatedLosses: bigint;
    paused: boolean;
    testMode: boolean;
    seqNo: number;
    circuitBreaker: { windowStart: number; losses: bigint };
    tranches: TrancheExpectation[];
    pendingTxs: number;
    depositorBalances: Record<string, { trancheId: number; tokens: bigint; lockUntil: number }>;
  };
  router: {
    address: string;
    nextPolicyId: bigint;
    totalPolicies: bigint;
    paused: boolean;
    registeredShards: number;
    shardAddresses: string[];
  };
  shards: {
    address: string;
    shardId: number;
    policyCount: number;
    paused: boolean;
    totalCoverage: bigint;
    policies: ShardPolicyExpectation[];
  }[];
  treasury: {
    address: string;
    totalPremiums: bigint;
    totalPayouts: bigint;
    reserve: bigint;
    trancheYields: bigint[];
    claimsProcessor: string;
    vault: string;
  };
  trancheTokens: {
    address: string;
    trancheId: number;
    totalSupply: bigint;
    vault: string;
    lockPeriod: number;
  }[];
}

/** Counts of what was produced, keyed by contract kind and by op, exit code, log id and intended event type. */
export interface SimulationStats {
  transactions: number;
  byKind: Record<string, number>;
  /** `kind op` for in-messages that carried an op (`bounced` for bounces, `empty` for plain transfers). */
  byOp: Record<string, number>;
  /** `kind exit N` for aborted compute phases, `kind action N` for failed action phases. */
  failures: Record<string, number>;
  /** `kind 0xID` per v2 log emitted. */
  logs: Record<string, number>;
  /** Canonical event types a correct decoder derives (what the simulator intended). */
  events: Record<string, number>;
  bounces: number;
  firstUtime: number | null;
  lastUtime: number | null;
}

export interface SimulationResult {
  contracts: SimulationContracts;
  records: SimulatedRecord[];
  expected: SimulationExpectation;
  stats: SimulationStats;
}

export const DEFAULT_START_UTIME = 1_735_689_600;

function rawAddress(label: string, seed: string): string {
  return '0:' + createHash('sha256').update(`tonstream-simulator:${seed}:${label}`).digest('hex');
}

function bodyOf(store: (b: ReturnType<typeof beginCell>) => void): Cell {
  const b = beginCell();
  store(b);
  return b.endCell();
}

function inc(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

type QueueItem =
  | { at: number; seq: number; kind: 'delivery'; delivery: Delivery }
  | { at: number; seq: number; kind: 'action'; run: (now: number) => void };

/** Binary min-heap on (at, seq). */
class Agenda {
  private readonly items: QueueItem[] = [];
  get size(): number {
    return this.items.length;
  }
  private less(a: QueueItem, b: QueueItem): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(item: QueueItem): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  peek(): QueueItem | undefined {
    return this.items[0];
  }
  pop(): QueueItem | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

interface ContractEntry {
  kind: ContractKind;
  handle(d: Delivery, now: number): Outcome;
}

/** The deployment's addresses for a seed (cheap; no transactions are produced). */
export function simulationAddresses(options: Pick<SimulationOptions, 'seed' | 'shards'>) {
  const seed = String(options.seed);
  const rng = new Prng(`${seed}:layout`);
  const watched = options.shards ?? rng.int(4, 8);
  if (!Number.isInteger(watched) || watched < 1 || watched > SHARD_COUNT)
    throw new RangeError(`shards must be an integer in 1..${SHARD_COUNT}, got ${options.shards}`);
  return {
    vault: rawAddress('vault-v2', seed),
    router: rawAddress('policy-router-v2', seed),
    treasury: rawAddress('treasury-v2', seed),
    claimsProcessor: rawAddress('claims-processor-v2', seed),
    tokens: [1, 2, 3, 4, 5, 6].map((i) => rawAddress(`tranche-token-v2:${i}`, seed)),
    shards: Array.from({ length: SHARD_COUNT }, (_, i) => rawAddress(`policy-shard-v2:${i}`, seed)),
    watchedShards: watched,
    owner: rawAddress('wallet:owner', seed),
    admin: rawAddress('wallet:admin', seed),
    claimsOperator: rawAddress('wallet:claims-operator', seed),
    stakingPool: rawAddress('wallet:staking-pool', seed),
    outsider: rawAddress('wallet:outsider', seed),
  };
}

/** The contract map of a simulation: every account whose transactions it produces. */
export function simulationContracts(
  options: Pick<SimulationOptions, 'seed' | 'shards'>,
): SimulationContracts {
  const a = simulationAddresses(options);
  const map: SimulationContracts = {
    [a.vault]: 'vault-v2',
    [a.router]: 'policy-router-v2',
    [a.treasury]: 'treasury-v2',
    [a.claimsProcessor]: 'claims-processor-v2',
  };
  for (const t of a.tokens) map[t] = 'tranche-token-v2';
  for (let i = 0; i < a.watchedShards; i++) map[a.shards[i]!] = 'policy-shard-v2';
  return map;
}

/**
 * A running simulation. `records()` produces the transactions (once); `expected()` and `stats()` describe the
 * state after the records produced so far, so a consumer can read them at any point of the stream.
 */
export class ProtocolSimulation {
  readonly options: Required<Omit<SimulationOptions, 'ratePerSecond' | 'shards'>> & {
    ratePerSecond: number | null;
  };
  readonly contracts: SimulationContracts;
  readonly addresses: ReturnType<typeof simulationAddresses>;
  readonly vault: VaultV2;
  readonly router: PolicyRouterV2;
  readonly shards: PolicyShardV2[];
  readonly treasury: TreasuryV2;
  readonly claimsProcessor: ClaimsProcessorV2;
  readonly tokens: TrancheTokenV2[];
  private readonly statsData: SimulationStats = {
    transactions: 0,
    byKind: {},
    byOp: {},
    failures: {},
    logs: {},
    events: {},
    bounces: 0,
    firstUtime: null,
    lastUtime: null,
  };
  private readonly entries = new Map<string, ContractEntry>();
  private readonly rng: Prng;
  private readonly ledger: Ledger;
  private readonly agenda = new Agenda();
  private readonly users: string[];
  private readonly buffer: SimulatedRecord[] = [];
  /** Watched-shard policies per duration in creation order: within one duration, expiry follows creation. */
  private readonly expiryQueues = new Map<number, { shard: PolicyShardV2; policyId: bigint }[]>();
  private seq = 0;
  private started = false;
  private premiumsSinceSweep = 0n;
  private policiesSinceSweep = 0;
  private sweepEvery: number;
  private readonly pauseActive = { vault: false, router: false, shard: false };

  constructor(options: SimulationOptions) {
    if (options.v3) throw new Error('v3 activity is not simulated yet; run without v3');
    if (!Number.isInteger(options.transactions) || options.transactions < 0)
      throw new RangeError(`transactions must be a non-negative integer, got ${options.transactions}`);
    const failureRate = options.failureRate ?? 0.06;
    if (!(failureRate >= 0 && failureRate <= 1))
      throw new RangeError(`failureRate must be in 0..1, got ${failureRate}`);
    if (options.ratePerSecond !== undefined && !(options.ratePerSecond > 0))
      throw new RangeError(`ratePerSecond must be positive, got ${options.ratePerSecond}`);
    this.options = {
      seed: options.seed,
      transactions: options.transactions,
      startUtime: options.startUtime ?? DEFAULT_START_UTIME,
      v3: false,
      failureRate,
      ratePerSecond: options.ratePerSecond ?? null,
      users: options.users ?? 64,
      vaultTestMode: options.vaultTestMode ?? false,
      mintBounce: options.mintBounce ?? 'spec',
      staleMintRate: options.staleMintRate ?? 0.05,
    };
    const seed = String(options.seed);
    this.rng = new Prng(seed);
    this.addresses = simulationAddresses(options);
    this.contracts = simulationContracts(options);
    const a = this.addresses;
    const startLt = 47_000_000_000_000n + BigInt(this.rng.int(0, 999_999)) * 1_000n;
    this.ledger = new Ledger(startLt, seed);
    this.users = Array.from({ length: this.options.users }, (_, i) => rawAddress(`wallet:user:${i}`, seed));
    this.sweepEvery = this.rng.int(10, 30);

    this.vault = new VaultV2(
      a.vault,
      a.owner,
      a.admin,
      a.claimsOperator,
      a.tokens,
      this.options.vaultTestMode,
      this.options.mintBounce,
    );
    const lockPeriods = defaultReferenceData().tranches.v2.map((t) => t.lockPeriodSeconds ?? 0);
    this.tokens = a.tokens.map((addr, i) => new TrancheTokenV2(addr, i + 1, a.vault, lockPeriods[i] ?? 0));
    this.router = new PolicyRouterV2(a.router, a.owner, a.shards, a.treasury);
    this.shards = Array.from(
      { length: a.watchedShards },
      (_, i) => new PolicyShardV2(a.shards[i]!, i, a.router, a.owner, a.claimsOperator),
    );
    this.treasury = new TreasuryV2(a.treasury, a.owner, a.claimsOperator, a.vault, a.stakingPool);
    this.claimsProcessor = new ClaimsProcessorV2(a.claimsProcessor, a.owner);

    const add = (address: string, kind: ContractKind, handle: (d: Delivery, now: number) => Outcome) =>
      this.entries.set(address, { kind, handle });
    add(a.vault, 'vault-v2', (d, now) => this.vault.handle(d, now));
    add(a.router, 'policy-router-v2', (d, now) => this.router.handle(d, now));
    add(a.treasury, 'treasury-v2', (d) => this.treasury.handle(d));
    add(a.claimsProcessor, 'claims-processor-v2', (d) => this.claimsProcessor.handle(d));
    for (const t of this.tokens) add(t.address, 'tranche-token-v2', (d) => t.handle(d));
    for (const s of this.shards) add(s.address, 'policy-shard-v2', (d, now) => s.handle(d, now));
  }

  /** Produces the transactions, in global lt order (ascending per account, parents before children). */
  *records(): Generator<SimulatedRecord, void, undefined> {
    if (this.started) throw new Error('a simulation can be run only once');
    this.started = true;
    const target = this.options.transactions;
    let produced = 0;
    if (target === 0) return;
    this.schedule(this.options.startUtime, (now) => this.setup(now));
    this.schedule(this.options.startUtime + 60, (now) => this.userAction(now));
    while (produced < target) {
      const item = this.agenda.pop();
      if (!item) throw new Error('simulation ran out of activity');
      if (item.kind === 'delivery') this.deliver(item.delivery, item.at);
      else item.run(item.at);
      // One agenda item executes at most one transaction, so stopping at `target` never leaves a transaction
      // that changed the models without being yielded.
      const record = this.buffer.pop();
      if (record) {
        produced++;
        yield record;
      }
    }
  }

  expected(): SimulationExpectation {
    const v = this.vault;
    const balances: SimulationExpectation['vault']['depositorBalances'] = {};
    for (const [user, b] of v.balances) balances[user] = { ...b };
    return {
      vault: {
        address: v.address,
        owner: v.owner,
        admin: v.admin,
        claimsProcessor: v.claimsProcessor,
        totalCapital: v.totalCapital,
        totalCoverageSold: v.totalCoverageSold,
        accumulatedPremiums: v.accumulatedPremiums,
        accumulatedLosses: v.accumulatedLosses,
        paused: v.paused,
        testMode: v.testMode,
        seqNo: v.seqNo,
        circuitBreaker: { windowStart: v.cbWindowStart, losses: v.cbLosses },
        tranches: v.tranches.map((t) => ({
          id: t.id,
          capital: t.capital,
          apyMinBps: t.apyMin,
          apyMaxBps: t.apyMax,
          curveType: t.curveType,
          allocationPercent: t.allocationPercent,
          accumulatedYield: t.accumulatedYield,
          tokenAddress: t.token,
          totalTokens: t.totalTokens,
          nav: v.nav(t),
        })),
        pendingTxs: v.pending.size,
        depositorBalances: balances,
      },
      router: {
        address: this.router.address,
        nextPolicyId: this.router.nextPolicyId,
        totalPolicies: this.router.totalPolicies,
        paused: this.router.paused,
        registeredShards: this.router.shards.length,
        shardAddresses: [...this.router.shards],
      },
      shards: this.shards.map((s) => {
        let totalCoverage = 0n;
        const policies: ShardPolicyExpectation[] = [];
        for (const p of s.policies.values()) {
          totalCoverage += p.coverage;
          policies.push({ ...p });
        }
        return {
          address: s.address,
          shardId: s.shardId,
          policyCount: s.policyCount,
          paused: s.paused,
          totalCoverage,
          policies,
        };
      }),
      treasury: {
        address: this.treasury.address,
        totalPremiums: this.treasury.totalPremiums,
        totalPayouts: this.treasury.totalPayouts,
        reserve: this.treasury.reserve,
        trancheYields: [...this.treasury.trancheYields],
        claimsProcessor: this.treasury.claimsProcessor,
        vault: this.treasury.vault,
      },
      trancheTokens: this.tokens.map((t) => ({
        address: t.address,
        trancheId: t.trancheId,
        totalSupply: t.totalSupply,
        vault: t.vault,
        lockPeriod: t.lockPeriod,
      })),
    };
  }

  stats(): SimulationStats {
    return structuredClone(this.statsData);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Execution

  private schedule(at: number, run: (now: number) => void): void {
    this.agenda.push({ at, seq: this.seq++, kind: 'action', run });
  }

  private send(delivery: Delivery, at: number): void {
    this.agenda.push({ at, seq: this.seq++, kind: 'delivery', delivery });
  }

  /** A wallet sends a message now. */
  private fromWallet(src: string, dest: string, value: bigint, body: Cell, now: number): void {
    this.send(this.ledger.externalDelivery(src, dest, value, body, now), now);
  }

  private deliver(d: Delivery, now: number): void {
    const entry = this.entries.get(d.dest);
    // Wallets, the staking pool and unwatched shards are outside the simulation.
    if (!entry) return;
    const outcome = entry.handle(d, now);
    if (entry.kind === 'policy-shard-v2' && outcome.exitCode === 0 && !d.bounced) this.trackExpiry(d);
    const executed = this.ledger.execute(d.dest, d, now, outcome);
    this.count(entry.kind, d, outcome, now);
    this.buffer.push({ v: 1, ...executed.record, source: 'simulator' });
    for (const m of executed.sent) {
      let latency = this.rng.int(0, 3);
      const toToken = this.tokens.some((t) => t.address === m.dest) && !m.bounced;
      if (toToken && this.rng.chance(this.options.staleMintRate)) latency = this.rng.int(3_601, 7_200);
      this.send(m, now + latency);
    }
  }

  private trackExpiry(d: Delivery): void {
    const s = d.body.beginParse();
    if (s.remainingBits < 32 || s.preloadUint(32) !== 0x60) return;
    const shard = this.shards.find((x) => x.address === d.dest);
    const b = createPolicySharded.load(d.body.beginParse());
    if (!shard) return;
    let queue = this.expiryQueues.get(b.durationDays);
    if (!queue) {
      queue = [];
      this.expiryQueues.set(b.durationDays, queue);
    }
    queue.push({ shard, policyId: b.policyId });
  }

  private count(kind: ContractKind, d: Delivery, outcome: Outcome, now: number): void {
    const st = this.statsData;
    st.transactions++;
    st.firstUtime ??= now;
    st.lastUtime = now;
    inc(st.byKind, kind);
    const s = d.body.beginParse();
    const opKey = d.bounced
      ? 'bounced'
      : s.remainingBits >= 32
        ? `0x${s.preloadUint(32).toString(16).padStart(2, '0')}`
        : 'empty';
    inc(st.byOp, `${kind} ${opKey}`);
    if (d.bounced) st.bounces++;
    if (outcome.exitCode !== 0) inc(st.failures, `${kind} exit ${outcome.exitCode}`);
    else if (outcome.actionResultCode !== undefined)
      inc(st.failures, `${kind} action ${outcome.actionResultCode}`);
    else
      for (const out of outcome.outs)
        if (out.type === 'log') inc(st.logs, `${kind} 0x${out.eventId.toString(16)}`);
    for (const e of outcome.events) inc(st.events, e);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Activity

  private nextGap(): number {
    const rate = this.options.ratePerSecond;
    if (rate === null) return this.rng.int(1, 30);
    return Math.floor(-Math.log(1 - this.rng.next()) / rate);
  }

  private user(): string {
    return this.rng.pick(this.users);
  }

  private failing(): boolean {
    return this.rng.chance(this.options.failureRate);
  }

  /** Deploy-time configuration the owner does before users arrive: oracle adapters on the claims processor. */
  private setup(now: number): void {
    const a = this.addresses;
    for (let chainId = 0; chainId < 8; chainId++) {
      this.fromWallet(
        a.owner,
        a.claimsProcessor,
        50_000_000n,
        bodyOf(
          setOracleAdapter.store({
            chainId,
            adapter: rawAddress(`oracle-adapter:${chainId}`, String(this.options.seed)),
          }),
        ),
        now + chainId,
      );
    }
  }

  private userAction(now: number): void {
    this.schedule(now + this.nextGap(), (t) => this.userAction(t));
    if (this.policiesSinceSweep >= this.sweepEvery && this.premiumsSinceSweep > 0n) {
      this.premiumSweep(now);
      return;
    }
    const action = this.rng.weighted({
      deposit: 30,
      policy: 42,
      withdraw: 4,
      claim: 3,
      bigLoss: 0.8,
      pauseVault: 0.25,
      pauseRouter: 0.2,
      pauseShard: 0.25,
      yieldConfirmation: 0.5,
      treasuryTopUp: 0.6,
      fileClaim: 1,
      claimsNoop: 0.3,
      claimYield: 0.6,
      unknownOp: 0.3,
      deactivate: 0.6,
    });
    switch (action) {
      case 'deposit':
        return this.deposit(now);
      case 'policy':
        return this.createPolicy(now);
      case 'withdraw':
        return this.withdraw(now);
      case 'claim':
        return this.claim(now);
      case 'bigLoss':
        return this.bigLoss(now);
      case 'pauseVault':
        return this.pauseCycle(now, 'vault');
      case 'pauseRouter':
        return this.pauseCycle(now, 'router');
      case 'pauseShard':
        return this.pauseCycle(now, 'shard');
      case 'yieldConfirmation':
        return this.fromWallet(
          this.addresses.admin,
          this.addresses.treasury,
          50_000_000n,
          bodyOf(
            receiveYieldConfirmation.store({
              trancheId: this.rng.int(1, 6),
              yieldAmount: this.rng.tonAmount(0.5, 200),
            }),
          ),
          now,
        );
      case 'treasuryTopUp':
        return this.fromWallet(
          this.addresses.owner,
          this.addresses.treasury,
          this.rng.tonAmount(500, 20_000),
          Cell.EMPTY,
          now,
        );
      case 'fileClaim':
        return this.fileClaim(now);
      case 'claimsNoop':
        return this.fromWallet(
          this.user(),
          this.addresses.claimsProcessor,
          50_000_000n,
          bodyOf((b) =>
            b.storeUint(this.rng.pick([0x02, 0x03, 0x10]), 32).storeUint(this.rng.int(0, 1000), 64),
          ),
          now,
        );
      case 'claimYield':
        return this.fromWallet(
          this.user(),
          this.addresses.vault,
          50_000_000n,
          bodyOf(claimYield.store({ trancheId: this.rng.int(1, 6) })),
          now,
        );
      case 'unknownOp':
        return this.fromWallet(
          this.user(),
          this.rng.pick([this.addresses.vault, this.addresses.router, this.addresses.treasury]),
          50_000_000n,
          bodyOf((b) => b.storeUint(this.rng.pick([0x07, 0x30, 0x99, 0x7362d09c]), 32)),
          now,
        );
      case 'deactivate':
        return this.deactivateExpired(now);
    }
  }

  private deposit(now: number): void {
    const user = this.user();
    // Senior tranches draw a little more liquidity than the junior ones.
    let trancheId = Number(this.rng.weighted({ '1': 18, '2': 20, '3': 20, '4': 16, '5': 13, '6': 13 }));
    let amount = this.rng.tonAmount(1, 5_000);
    if (this.failing()) {
      const kind = this.rng.weighted({ small: 6, tranche: 2 });
      if (kind === 'small') amount = this.rng.bigint(1_000_000n, 99_999_999n);
      else trancheId = this.rng.pick([0, 7, 9]);
    }
    this.fromWallet(user, this.addresses.vault, amount, bodyOf(deposit.store({ trancheId })), now);
  }

  private withdraw(now: number): void {
    const v = this.vault;
    const holders = [...v.balances.keys()];
    if (v.testMode && holders.length > 0 && !this.failing()) {
      const user = this.rng.pick(holders);
      const b = v.balances.get(user)!;
      const amount = this.rng.chance(0.4) ? b.tokens : (b.tokens * BigInt(this.rng.int(5, 95))) / 100n;
      this.fromWallet(
        user,
        v.address,
        50_000_000n,
        bodyOf(withdraw.store({ trancheId: b.trancheId, tokenAmount: amount > 0n ? amount : 1n })),
        now,
      );
      return;
    }
    // Production vaults never record balances, so an LP's withdrawal is refused (exit 406).
    const user = this.user();
    this.fromWallet(
      user,
      v.address,
      50_000_000n,
      bodyOf(withdraw.store({ trancheId: this.rng.int(1, 6), tokenAmount: this.rng.tonAmount(1, 1_000) })),
      now,
    );
  }

  private createPolicy(now: number): void {
    const user = this.user();
    const coverageType = this.rng.int(0, 4);
    let chainId = this.rng.int(0, 7);
    let stablecoinId: number;
    if (chainId === 4) stablecoinId = 1;
    else if (chainId === 5) stablecoinId = this.rng.int(0, 1);
    else stablecoinId = this.rng.int(0, 13);
    let coverage = BigInt(Math.round(Number(this.rng.tonAmount(10, 1_000)) / 1e9)) * TON;
    let durationDays = this.rng.pick([30, 90, 180]);
    let underpay = false;
    if (this.failing()) {
      const kind = this.rng.weighted({ pair: 3, low: 2, high: 2, duration: 2, underpay: 3 });
      if (kind === 'pair') {
        chainId = this.rng.pick([4, 5]);
        stablecoinId = this.rng.int(2, 13);
      } else if (kind === 'low') coverage = this.rng.bigint(1n * TON, 9n * TON);
      else if (kind === 'high') coverage = this.rng.bigint(1_001n * TON, 5_000n * TON);
      else if (kind === 'duration') durationDays = this.rng.pick([7, 60, 365]);
      else underpay = true;
    }
    const premium = expectedPremiumV2(coverageType, chainId, stablecoinId, coverage, durationDays) ?? 0n;
    const gas = 100_000_000n;
    const extra = this.rng.chance(0.2) ? 0n : this.rng.bigint(0n, 500_000_000n);
    const value = underpay ? premium + gas - this.rng.bigint(1n, gas) : premium + gas + extra;
    if (
      !underpay &&
      isValidProduct(coverageType, chainId, stablecoinId) &&
      coverage >= 10n * TON &&
      coverage <= 1_000n * TON &&
      [30, 90, 180].includes(durationDays)
    ) {
      // Premiums the router forwards (and the treasury bounces) are swept to the treasury by the owner.
      this.premiumsSinceSweep += premium;
      this.policiesSinceSweep++;
    }
    this.fromWallet(
      user,
      this.addresses.router,
      value,
      bodyOf(
        createPolicy.store({ coverageType, chainId, stablecoinId, coverageAmount: coverage, durationDays }),
      ),
      now,
    );
  }

  /** The owner forwards the premiums collected since the last sweep in the layout the treasury reads. */
  private premiumSweep(now: number): void {
    const amount = this.premiumsSinceSweep;
    const lastPolicy = this.router.nextPolicyId === 0n ? 0n : this.router.nextPolicyId - 1n;
    const data = beginCell().storeUint(this.policiesSinceSweep, 32).storeUint(lastPolicy, 64).endCell();
    this.premiumsSinceSweep = 0n;
    this.policiesSinceSweep = 0;
    this.sweepEvery = this.rng.int(10, 30);
    this.fromWallet(
      this.addresses.owner,
      this.addresses.treasury,
      amount + 50_000_000n,
      bodyOf(
        receivePremium.store({ policyId: lastPolicy, amount, policyData: data.toBoc().toString('base64') }),
      ),
      now,
    );
  }

  private randomShardPolicy(filter: (claimed: boolean) => boolean) {
    const shards = this.shards.filter((s) => s.policies.size > 0);
    if (shards.length === 0) return null;
    const shard = this.rng.pick(shards);
    // Policies are kept in insertion order; sample a recent window to stay O(1) for big books.
    const ids = [...shard.policies.keys()].slice(-64);
    for (let i = 0; i < 6; i++) {
      const p = shard.policies.get(this.rng.pick(ids))!;
      if (filter(p.claimed)) return { shard, policy: p };
    }
    return null;
  }

  /**
   * A claim as operations run it: the owner marks the policy claimed on its shard (log 0x52), the claims
   * operator has the vault absorb the loss (op 0x04) and pays the holder from the treasury reserve (op 0x06).
   */
  private claim(now: number): void {
    const a = this.addresses;
    const duplicate = this.failing();
    const found = this.randomShardPolicy((claimed) => claimed === duplicate);
    if (!found) return this.deposit(now);
    const { shard, policy } = found;
    this.fromWallet(
      a.owner,
      shard.address,
      50_000_000n,
      bodyOf(markPolicyClaimed.store({ policyId: policy.policyId })),
      now,
    );
    if (duplicate) return;
    const lossSender = this.failing() ? a.outsider : a.claimsOperator;
    const loss = (policy.coverage * BigInt(this.rng.int(20, 100))) / 100n;
    this.schedule(now + this.rng.int(5, 120), (t) =>
      this.fromWallet(lossSender, a.vault, 50_000_000n, bodyOf(absorbLoss.store({ lossAmount: loss })), t),
    );
    this.schedule(now + this.rng.int(60, 600), (t) =>
      this.fromWallet(
        a.claimsOperator,
        a.treasury,
        50_000_000n,
        bodyOf(processPayout.store({ recipient: policy.user, amount: loss })),
        t,
      ),
    );
  }

  /** A large loss event: often more than 10 % of capital in the window, which the breaker refuses (exit 50). */
  private bigLoss(now: number): void {
    const capital = this.vault.totalCapital;
    const loss = capital > 0n ? (capital * BigInt(this.rng.int(3, 25))) / 100n : this.rng.tonAmount(10, 500);
    this.fromWallet(
      this.addresses.claimsOperator,
      this.addresses.vault,
      50_000_000n,
      bodyOf(absorbLoss.store({ lossAmount: loss > 0n ? loss : 1n })),
      now,
    );
  }

  private pauseCycle(now: number, which: 'vault' | 'router' | 'shard'): void {
    const a = this.addresses;
    if (this.pauseActive[which]) return this.deposit(now);
    if (this.failing()) {
      // Someone other than the owner/admin tries: 403.
      const target = which === 'vault' ? a.vault : which === 'router' ? a.router : this.shards[0]!.address;
      const op = which === 'vault' ? vaultPause : which === 'router' ? routerPause : shardPause;
      return this.fromWallet(this.user(), target, 50_000_000n, bodyOf(op.store({})), now);
    }
    this.pauseActive[which] = true;
    const duration = this.rng.int(120, 1_800);
    if (which === 'vault') {
      this.fromWallet(a.admin, a.vault, 50_000_000n, bodyOf(vaultPause.store({})), now);
      this.schedule(now + duration, (t) => {
        this.pauseActive.vault = false;
        this.fromWallet(a.admin, a.vault, 50_000_000n, bodyOf(vaultUnpause.store({})), t);
      });
    } else if (which === 'router') {
      this.fromWallet(a.owner, a.router, 50_000_000n, bodyOf(routerPause.store({})), now);
      this.schedule(now + duration, (t) => {
        this.pauseActive.router = false;
        this.fromWallet(a.owner, a.router, 50_000_000n, bodyOf(routerUnpause.store({})), t);
      });
    } else {
      const shard = this.rng.pick(this.shards);
      this.fromWallet(a.owner, shard.address, 50_000_000n, bodyOf(shardPause.store({})), now);
      this.schedule(now + duration, (t) => {
        this.pauseActive.shard = false;
        this.fromWallet(a.owner, shard.address, 50_000_000n, bodyOf(shardUnpause.store({})), t);
      });
    }
  }

  private fileClaim(now: number): void {
    const found = this.randomShardPolicy(() => true);
    const chainId = found?.policy.chainId ?? this.rng.int(0, 7);
    if (!this.claimsProcessor.adapters.has(chainId)) return this.deposit(now);
    const evidence = beginCell().storeUint(now, 32).storeUint(this.rng.uint32(), 32).endCell();
    this.fromWallet(
      found?.policy.user ?? this.user(),
      this.addresses.claimsProcessor,
      200_000_000n,
      bodyOf(
        fileClaim.store({
          policyId: found?.policy.policyId ?? BigInt(this.rng.int(0, 1000)),
          coverageType: found?.policy.coverageType ?? this.rng.int(0, 4),
          chainId,
          stablecoinId: found?.policy.stablecoinId ?? 0,
          coverageAmount: found?.policy.coverage ?? 100n * TON,
          evidence: evidence.toBoc().toString('base64'),
        }),
      ),
      now,
    );
  }

  /** The owner marks an expired policy inactive (no log; PolicyDeactivated). */
  private deactivateExpired(now: number): void {
    for (const queue of this.expiryQueues.values()) {
      while (queue.length > 0) {
        const head = queue[0]!;
        const p = head.shard.policies.get(head.policyId);
        if (!p || !p.active) {
          queue.shift();
          continue;
        }
        if (p.end > now) break;
        queue.shift();
        this.fromWallet(
          this.addresses.owner,
          head.shard.address,
          50_000_000n,
          bodyOf(markPolicyInactive.store({ policyId: p.policyId })),
          now,
        );
        return;
      }
    }
    this.createPolicy(now);
  }
}

/** Streams the records of a simulation; the generator's return value is the final expectation and stats. */
export function* simulateStream(
  options: SimulationOptions,
): Generator<
  SimulatedRecord,
  { contracts: SimulationContracts; expected: SimulationExpectation; stats: SimulationStats },
  undefined
> {
  const sim = new ProtocolSimulation(options);
  yield* sim.records();
  return { contracts: sim.contracts, expected: sim.expected(), stats: sim.stats() };
}

/** Runs a whole simulation in memory. */
export function simulate(options: SimulationOptions): SimulationResult {
  const sim = new ProtocolSimulation(options);
  const records = [...sim.records()];
  return { contracts: sim.contracts, records, expected: sim.expected(), stats: sim.stats() };
}
