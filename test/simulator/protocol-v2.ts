/**
 * The v2 contracts as the simulator runs them (spec §3): storage, guards in the contract's order (so a rejected
 * message aborts with the exit code the FunC throws), the arithmetic with the same floor divisions, and the
 * out-messages and `emit_log` external messages each handler really produces — including the cross-contract
 * layout mismatches of §3.8 (router → treasury underflow, vault → token mint underflow) and the bounce handlers.
 *
 * Each handler returns the execution outcome plus the canonical event types a correct decoder derives from the
 * transaction, so tests can compare intent with decoding.
 */
import { beginCell, Cell, type Slice } from '@ton/core';
import { BOUNCE_OP } from '../../schemas/contracts/common/bounced.js';
import { mulDiv } from '../../schemas/reference/int-math.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { expectedPremiumV2 } from '../../schemas/reference/premium-v2.js';
import { isValidProduct } from '../../schemas/reference/product-validity.js';
import { createPolicySharded } from '../../schemas/contracts/v2/policy-shard/create-policy-sharded.js';
import { policyConfirmation } from '../../schemas/contracts/v2/policy-shard/policy-confirmation.js';
import { policyCreatedInShardLog } from '../../schemas/contracts/v2/policy-shard/policy-created-in-shard-log.js';
import { policyClaimedLog } from '../../schemas/contracts/v2/policy-shard/policy-claimed-log.js';
import { shardPausedUnpausedLog } from '../../schemas/contracts/v2/policy-shard/shard-paused-unpaused-log.js';
import { premiumToTreasury } from '../../schemas/contracts/v2/policy-router/premium-to-treasury.js';
import { policyRoutedToShardLog } from '../../schemas/contracts/v2/policy-router/policy-routed-to-shard-log.js';
import { unknownBounceLog } from '../../schemas/contracts/v2/policy-router/unknown-bounce-log.js';
import { policyCreationBouncedLog } from '../../schemas/contracts/v2/policy-router/policy-creation-bounced-log.js';
import { routerPausedUnpausedLog } from '../../schemas/contracts/v2/policy-router/router-paused-unpaused-log.js';
import { distributePremiums } from '../../schemas/contracts/v2/vault/distribute-premiums.js';
import { mintRequest } from '../../schemas/contracts/v2/vault/mint-request.js';
import { mintRefund } from '../../schemas/contracts/v2/vault/mint-refund.js';
import { mintBurnRetryLog } from '../../schemas/contracts/v2/vault/mint-burn-retry-log.js';
import { depositRolledBackLog } from '../../schemas/contracts/v2/vault/deposit-rolled-back-log.js';
import { stakerPremium } from '../../schemas/contracts/v2/treasury/staker-premium.js';
import { premiumReceivedLog } from '../../schemas/contracts/v2/treasury/premium-received-log.js';
import { yieldConfirmationLog } from '../../schemas/contracts/v2/treasury/yield-confirmation-log.js';
import { payoutMadeLog } from '../../schemas/contracts/v2/treasury/payout-made-log.js';
import type { Delivery, Execution, OutAction } from './chain.js';

export const DECIMALS = 1_000_000_000n;
export const TON = 1_000_000_000n;
const MIN_DEPOSIT = 100_000_000n;
const MINT_GAS = 100_000_000n;
const SHARD_GAS = 80_000_000n;
const ROUTER_GAS = 100_000_000n;
const CONFIRMATION_VALUE = 10_000_000n;
const MAX_RETRY_COUNT = 5;
const STALE_TX_SECONDS = 3_600;
const CIRCUIT_BREAKER_WINDOW = 86_400;
/** FunC `throw(0xffff)` for an unknown op. */
export const EXIT_UNKNOWN_OP = 0xffff;
/** TVM range check: `store_coins` of a negative amount (a tranche driven below zero). */
export const EXIT_RANGE_CHECK = 5;
/** TVM integer overflow (also division by zero). */
export const EXIT_INTEGER_OVERFLOW = 4;
/** TVM cell underflow. */
export const EXIT_CELL_UNDERFLOW = 9;

/** A handler's outcome: the execution for the ledger and the canonical event types a decoder should derive. */
export interface Outcome extends Execution {
  events: string[];
}

function body(write: (b: ReturnType<typeof beginCell>) => void): Cell {
  const b = beginCell();
  write(b);
  return b.endCell();
}

function logOf<T>(
  codec: { id: number; store(v: T): (b: ReturnType<typeof beginCell>) => void },
  value: T,
): OutAction {
  return { type: 'log', eventId: codec.id, payload: body(codec.store(value)) };
}

function fail(exitCode: number, gasUsed = 4_000): Outcome {
  return { exitCode, gasUsed, outs: [], events: ['TransactionFailed'] };
}

function ok(gasUsed: number, outs: OutAction[], events: string[]): Outcome {
  return { exitCode: 0, gasUsed, outs, events };
}

/** Reads the op of a non-bounced body; null for an empty body. Short bodies are a cell underflow. */
function readOp(s: Slice): number | null | 'underflow' {
  if (s.remainingBits === 0 && s.remainingRefs === 0) return null;
  if (s.remainingBits < 32) return 'underflow';
  return s.loadUint(32);
}

/** Runs a body parse the way the contract does: any read past the end is exit 9. */
function parse<T>(read: () => T): T | 'underflow' {
  try {
    return read();
  } catch {
    return 'underflow';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// MultiTrancheVault v2 (§3.1)

export interface TrancheV2 {
  id: number;
  capital: bigint;
  apyMin: number;
  apyMax: number;
  curveType: number;
  allocationPercent: number;
  accumulatedYield: bigint;
  token: string;
  totalTokens: bigint;
}

interface PendingVaultTx {
  retryCount: number;
  createdAt: number;
  op: number;
  tokens: bigint;
  token: string;
  /** The extended context (user, tranche, amount); a retry rewrites the entry without it. */
  context: { user: string; trancheId: number; amount: bigint } | null;
}

export type MintBounceHandling = 'spec' | 'abort';

export class VaultV2 {
  totalCapital = 0n;
  readonly totalCoverageSold = 0n;
  accumulatedPremiums = 0n;
  accumulatedLosses = 0n;
  paused = false;
  seqNo = 0;
  cbWindowStart = 0;
  cbLosses = 0n;
  readonly tranches: TrancheV2[];
  readonly balances = new Map<string, { trancheId: number; tokens: bigint; lockUntil: number }>();
  readonly pending = new Map<bigint, PendingVaultTx>();

  constructor(
    readonly address: string,
    readonly owner: string,
    readonly admin: string,
    readonly claimsProcessor: string,
    tokens: readonly string[],
    readonly testMode: boolean,
    private readonly mintBounce: MintBounceHandling,
  ) {
    const params = defaultReferenceData().tranches.v2;
    this.tranches = params.map((p, i) => ({
      id: p.id,
      capital: 0n,
      apyMin: p.apyMinBps,
      apyMax: p.apyMaxBps,
      curveType: p.curveType,
      allocationPercent: p.allocationPercent,
      accumulatedYield: 0n,
      token: tokens[i] ?? '',
      totalTokens: 0n,
    }));
  }

  tranche(id: number): TrancheV2 | undefined {
    return this.tranches[id - 1];
  }

  nav(t: TrancheV2): bigint {
    return t.totalTokens === 0n ? DECIMALS : mulDiv(t.capital + t.accumulatedYield, DECIMALS, t.totalTokens);
  }

  handle(d: Delivery, now: number): Outcome {
    const s = d.body.beginParse();
    if (d.bounced) return this.onBounce(s, now);
    const op = readOp(s);
    if (op === null) return ok(300, [], []);
    if (op === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
    switch (op) {
      case 0x01: {
        if (this.paused) return fail(402, 3_100);
        const trancheId = parse(() => s.loadUint(8));
        if (trancheId === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        return this.deposit(d.src, trancheId, d.value, now);
      }
      case 0x02: {
        if (this.paused) return fail(402, 3_100);
        const fields = parse(() => ({ trancheId: s.loadUint(8), amount: s.loadCoins() }));
        if (fields === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        return this.withdraw(d.src, fields.trancheId, fields.amount, now);
      }
      case 0x03: {
        if (this.paused) return fail(402, 3_100);
        const amount = parse(() => s.loadCoins());
        if (amount === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        if (amount <= 0n) return fail(400, 4_300);
        this.accumulatedPremiums += amount;
        for (const t of this.tranches)
          t.accumulatedYield += mulDiv(amount, BigInt(t.allocationPercent), 100n);
        return ok(14_800, [], ['PremiumsDistributed']);
      }
      case 0x04: {
        if (d.src !== this.claimsProcessor) return fail(403, 4_646);
        const amount = parse(() => s.loadCoins());
        if (amount === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        return this.absorbLoss(amount, now);
      }
      case 0x05: {
        const trancheId = parse(() => s.loadUint(8));
        if (trancheId === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        if (trancheId < 1 || trancheId > 6) return fail(401, 3_300);
        // The yield helper always returns 0, so claim_yield always throws 400.
        return fail(400, 3_600);
      }
      case 0x10:
      case 0x11:
        if (d.src !== this.admin) return fail(403, 3_200);
        this.paused = op === 0x10;
        return ok(4_900, [], [op === 0x10 ? 'ContractPaused' : 'ContractUnpaused']);
      default:
        return fail(EXIT_UNKNOWN_OP, 3_400);
    }
  }

  private deposit(depositor: string, trancheId: number, amount: bigint, now: number): Outcome {
    if (trancheId < 1 || trancheId > 6) return fail(401, 3_900);
    if (amount < MIN_DEPOSIT) return fail(400, 4_100);
    const t = this.tranche(trancheId)!;
    const nav = this.nav(t);
    // A tranche wiped out by losses still has tokens: NAV 0, and muldiv by 0 is a TVM integer overflow (exit 4).
    if (nav === 0n) return fail(EXIT_INTEGER_OVERFLOW, 17_900);
    const tokens = mulDiv(amount, DECIMALS, nav);
    t.capital += amount;
    this.totalCapital += amount;
    t.totalTokens += tokens;
    if (this.testMode) {
      // Test mode writes the balance entry, replacing any previous one.
      this.balances.set(depositor, { trancheId, tokens, lockUntil: 0 });
      return ok(16_200, [], ['DepositMade']);
    }
    const txId = (BigInt(this.seqNo) << 32n) | BigInt(now >>> 0);
    this.seqNo += 1;
    this.pending.set(txId, {
      retryCount: 0,
      createdAt: now,
      op: 0x01,
      tokens,
      token: t.token,
      context: { user: depositor, trancheId, amount },
    });
    const mint: OutAction = {
      type: 'internal',
      dest: t.token,
      value: MINT_GAS,
      body: body(mintRequest.store({ txId, depositor, tokens })),
    };
    return ok(18_458, [mint], ['DepositMade']);
  }

  private withdraw(withdrawer: string, trancheId: number, tokenAmount: bigint, now: number): Outcome {
    if (trancheId < 1 || trancheId > 6) return fail(401, 3_900);
    if (tokenAmount <= 0n) return fail(400, 4_000);
    const balance = this.balances.get(withdrawer);
    if (!balance) return fail(406, 5_200);
    if (balance.trancheId !== trancheId) return fail(401, 5_400);
    if (now < balance.lockUntil) return fail(409, 5_500);
    if (balance.tokens < tokenAmount) return fail(406, 5_600);
    const t = this.tranche(trancheId)!;
    const payout = mulDiv(tokenAmount, this.nav(t), DECIMALS);
    // The payout includes the tranche's yield but is taken from capital alone: withdrawing (nearly) all tokens
    // of a tranche with yield drives capital negative, and save_tranche's store_coins fails the range check.
    if (t.capital - payout < 0n || this.totalCapital - payout < 0n) return fail(EXIT_RANGE_CHECK, 16_100);
    t.capital -= payout;
    this.totalCapital -= payout;
    t.totalTokens -= tokenAmount;
    const remaining = balance.tokens - tokenAmount;
    if (remaining === 0n) this.balances.delete(withdrawer);
    else this.balances.set(withdrawer, { ...balance, tokens: remaining });
    // Only test-mode vaults ever hold balances (the production deposit path never writes one), so this is the
    // test-mode branch: the payout goes straight to the withdrawer with an empty body.
    return ok(
      17_300,
      [{ type: 'internal', dest: withdrawer, value: payout, body: Cell.EMPTY }],
      ['WithdrawalMade'],
    );
  }

  private absorbLoss(amount: bigint, now: number): Outcome {
    if (amount <= 0n) return fail(400, 4_700);
    const initialCapital = this.totalCapital;
    let windowStart = this.cbWindowStart;
    let windowLosses = this.cbLosses;
    if (initialCapital > 0n) {
      if (now - windowStart > CIRCUIT_BREAKER_WINDOW) {
        windowStart = now;
        windowLosses = 0n;
      }
      const newTotal = windowLosses + amount;
      if (newTotal > mulDiv(this.totalCapital, 10n, 100n)) return fail(50, 6_900);
      windowLosses = newTotal;
    }
    // Waterfall EQT → BTC, each tranche up to its capital; computed on copies so an insolvency throw leaves no trace.
    let remaining = amount;
    const take = new Map<number, bigint>();
    for (let id = 6; id >= 1 && remaining > 0n; id--) {
      const t = this.tranche(id)!;
      if (t.capital > 0n) {
        const absorbed = remaining < t.capital ? remaining : t.capital;
        take.set(id, absorbed);
        remaining -= absorbed;
      }
    }
    if (initialCapital > 0n && remaining !== 0n) return fail(51, 9_800);
    for (const [id, absorbed] of take) {
      this.tranche(id)!.capital -= absorbed;
      this.totalCapital -= absorbed;
    }
    this.cbWindowStart = windowStart;
    this.cbLosses = windowLosses;
    this.accumulatedLosses += amount;
    return ok(12_400, [], ['LossAbsorbed']);
  }

  private onBounce(s: Slice, now: number): Outcome {
    const head = parse(() => {
      s.skip(32);
      return { op: s.loadUint(32), txId: s.loadUintBig(64) };
    });
    if (head === 'underflow') return fail(EXIT_CELL_UNDERFLOW, 3_974);
    const pending = this.pending.get(head.txId);
    if (!pending) return ok(3_500, [], ['TransactionFailed']);
    // load_tx_state_extended reads the context ref; an entry rewritten by a retry has none → cell underflow.
    // 'abort' reproduces the emulator corpus, where even the first bounce fails that way.
    if (pending.context === null || this.mintBounce === 'abort') return fail(EXIT_CELL_UNDERFLOW, 3_974);
    if (head.op !== 21) return ok(3_900, [], ['TransactionFailed']);
    const { user, trancheId, amount } = pending.context;
    const fresh = pending.retryCount < MAX_RETRY_COUNT && now - pending.createdAt <= STALE_TX_SECONDS;
    if (fresh) {
      let backoff = 1;
      for (let i = 0; i < pending.retryCount; i++) backoff = Math.min(backoff * 2, 16);
      const retry = pending.retryCount + 1;
      this.pending.set(head.txId, { ...pending, retryCount: retry, context: null });
      return ok(
        9_600,
        [
          {
            type: 'internal',
            dest: pending.token,
            value: MINT_GAS,
            body: body(mintRequest.store({ txId: head.txId, depositor: user, tokens: pending.tokens })),
          },
          logOf(mintBurnRetryLog, { txId: head.txId, retryCount: retry, backoffSeconds: backoff, op: 21 }),
        ],
        ['TransactionFailed', 'MintBurnRetried'],
      );
    }
    // Stale or out of retries: roll the tranche back (total_capital is not rolled back), refund, log 0x95.
    const t = this.tranche(trancheId)!;
    // Losses since the deposit may have left less capital than the deposit: store_coins of a negative fails.
    if (t.capital - amount < 0n || t.totalTokens - pending.tokens < 0n) return fail(EXIT_RANGE_CHECK, 10_400);
    t.capital -= amount;
    t.totalTokens -= pending.tokens;
    this.balances.delete(user);
    this.pending.delete(head.txId);
    return ok(
      11_200,
      [
        { type: 'internal', dest: user, value: amount, body: body(mintRefund.store({})) },
        logOf(depositRolledBackLog, { txId: head.txId, trancheId, originalAmount: amount, user }),
      ],
      ['TransactionFailed', 'DepositRolledBack'],
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tranche tokens (§3.2): the vault's mint message lacks the response address → cell underflow.

export class TrancheTokenV2 {
  readonly totalSupply = 0n;
  constructor(
    readonly address: string,
    readonly trancheId: number,
    readonly vault: string,
    readonly lockPeriod: number,
  ) {}

  handle(d: Delivery): Outcome {
    const s = d.body.beginParse();
    if (d.bounced) return ok(600, [], ['TransactionFailed']);
    const op = readOp(s);
    if (op === null) return ok(300, [], []);
    if (op === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
    if (op === 21) {
      if (d.src !== this.vault) return fail(403, 2_900);
      // The token reads query_id u64, to addr, amount coins, response addr; the vault's body ends after the
      // amount (tx_id, depositor, tokens), so the response address read underflows.
      return fail(EXIT_CELL_UNDERFLOW, 4_211);
    }
    return fail(EXIT_UNKNOWN_OP, 2_500);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PolicyRouter v2 (§3.4)

export const SHARD_COUNT = 256;

export class PolicyRouterV2 {
  nextPolicyId = 0n;
  totalPolicies = 0n;
  paused = false;
  seqNo = 0;

  constructor(
    readonly address: string,
    readonly owner: string,
    /** shard id → shard address; all 256 ids are registered at deploy. */
    readonly shards: readonly string[],
    readonly treasury: string,
  ) {}

  handle(d: Delivery, now: number): Outcome {
    const s = d.body.beginParse();
    if (s.remainingBits === 0 && s.remainingRefs === 0) return ok(300, [], []);
    if (d.bounced) return this.onBounce(d);
    const op = readOp(s);
    if (op === 'underflow' || op === null) return fail(EXIT_CELL_UNDERFLOW);
    if (op === 0x01) {
      const b = parse(() => ({
        coverageType: s.loadUint(8),
        chainId: s.loadUint(8),
        stablecoinId: s.loadUint(8),
        coverageAmount: s.loadCoins(),
        durationDays: s.loadUint(16),
      }));
      if (b === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
      return this.createPolicy(d, b, now);
    }
    if (op === 0x20 || op === 0x21) {
      if (d.src !== this.owner) return fail(403, 3_300);
      this.paused = op === 0x20;
      return ok(
        5_200,
        [logOf(routerPausedUnpausedLog, { paused: this.paused })],
        [op === 0x20 ? 'ContractPaused' : 'ContractUnpaused'],
      );
    }
    return fail(EXIT_UNKNOWN_OP, 3_400);
  }

  private createPolicy(
    d: Delivery,
    b: {
      coverageType: number;
      chainId: number;
      stablecoinId: number;
      coverageAmount: bigint;
      durationDays: number;
    },
    now: number,
  ): Outcome {
    if (this.paused) return fail(423, 3_600);
    if (b.coverageAmount < 10_000_000_000n) return fail(400, 3_900);
    if (b.coverageAmount > 1_000_000_000_000n) return fail(401, 3_950);
    if (b.coverageType > 4) return fail(400, 4_000);
    if (b.chainId > 7) return fail(401, 4_050);
    if (b.stablecoinId > 13) return fail(402, 4_100);
    if (b.durationDays !== 30 && b.durationDays !== 90 && b.durationDays !== 180) return fail(406, 4_200);
    if (!isValidProduct(b.coverageType, b.chainId, b.stablecoinId)) return fail(407, 4_400);
    const premium = expectedPremiumV2(
      b.coverageType,
      b.chainId,
      b.stablecoinId,
      b.coverageAmount,
      b.durationDays,
    );
    if (premium === null) return fail(400, 4_400);
    if (d.value < premium + ROUTER_GAS) return fail(404, 5_100);
    const policyId = this.nextPolicyId;
    const shardId = Number(policyId % BigInt(SHARD_COUNT));
    const shard = this.shards[shardId];
    if (!shard) return fail(408, 5_600);
    this.nextPolicyId += 1n;
    this.totalPolicies += 1n;
    const txId = (BigInt(this.seqNo) << 32n) | BigInt(now >>> 0);
    this.seqNo = (this.seqNo + 1) >>> 0;
    const user = d.src;
    const outs: OutAction[] = [
      {
        type: 'internal',
        dest: shard,
        value: SHARD_GAS,
        body: body(
          createPolicySharded.store({
            policyId,
            user,
            coverageType: b.coverageType,
            chainId: b.chainId,
            stablecoinId: b.stablecoinId,
            coverageAmount: b.coverageAmount,
            durationDays: b.durationDays,
            premium,
          }),
        ),
      },
      {
        type: 'internal',
        dest: this.treasury,
        value: premium,
        body: body(premiumToTreasury.store({ txId, policyId, premium })),
      },
    ];
    const excess = d.value - premium - ROUTER_GAS;
    if (excess > 0n) outs.push({ type: 'internal', dest: user, value: excess, body: Cell.EMPTY });
    outs.push(
      logOf(policyRoutedToShardLog, {
        policyId,
        shardId,
        user,
        coverageType: b.coverageType,
        chainId: b.chainId,
        stablecoinId: b.stablecoinId,
        coverageAmount: b.coverageAmount,
        durationDays: b.durationDays,
        premium,
      }),
    );
    return ok(21_700, outs, ['PolicyCreated']);
  }

  private onBounce(d: Delivery): Outcome {
    // parse_bounced_message works on its own copy of the slice: prefix, op, a `coins` read if ≥ 128 bits remain.
    const s = d.body.beginParse();
    if (s.remainingBits < 64 || s.loadUint(32) !== BOUNCE_OP) return ok(2_000, [], ['TransactionFailed']);
    const op = s.loadUint(32);
    const value = s.remainingBits >= 128 ? s.loadCoins() : 0n;
    if (op === 0x60) {
      const full = d.body.beginParse();
      let policyId = 0n;
      if (full.remainingBits >= 96) {
        full.skip(64);
        policyId = full.loadUintBig(64);
      }
      if (policyId === this.nextPolicyId - 1n) {
        this.nextPolicyId -= 1n;
        this.totalPolicies -= 1n;
      }
      return ok(
        7_300,
        [logOf(policyCreationBouncedLog, { policyId, op, value })],
        ['TransactionFailed', 'PolicyCreationBounced'],
      );
    }
    return ok(5_100, [logOf(unknownBounceLog, { op, value })], ['TransactionFailed']);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PolicyShard v2 (§3.5)

export interface ShardPolicy {
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

export function productHash(coverageType: number, chainId: number, stablecoinId: number): number {
  return (coverageType << 16) | (chainId << 8) | stablecoinId;
}

export class PolicyShardV2 {
  policyCount = 0;
  paused = false;
  readonly policies = new Map<bigint, ShardPolicy>();

  constructor(
    readonly address: string,
    readonly shardId: number,
    readonly router: string,
    readonly owner: string,
    readonly claimsProcessor: string,
  ) {}

  handle(d: Delivery, now: number): Outcome {
    const s = d.body.beginParse();
    if (s.remainingBits === 0 && s.remainingRefs === 0) return ok(300, [], []);
    if (d.bounced) return ok(700, [], ['TransactionFailed']);
    const op = readOp(s);
    if (op === 'underflow' || op === null) return fail(EXIT_CELL_UNDERFLOW);
    switch (op) {
      case 0x60: {
        const b = parse(() => createPolicySharded.load(d.body.beginParse()));
        if (b === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        if (d.src !== this.router) return fail(403, 3_500);
        if (this.paused) return fail(423, 3_700);
        if (Number(b.policyId % 256n) !== this.shardId) return fail(402, 3_900);
        if (this.policies.has(b.policyId)) return fail(409, 5_800);
        const hash = productHash(b.coverageType, b.chainId, b.stablecoinId);
        const user = b.user ?? '';
        this.policies.set(b.policyId, {
          policyId: b.policyId,
          user,
          coverageType: b.coverageType,
          chainId: b.chainId,
          stablecoinId: b.stablecoinId,
          coverage: b.coverageAmount,
          start: now,
          end: now + b.durationDays * 86_400,
          active: true,
          claimed: false,
          premium: b.premium,
          productHash: hash,
        });
        this.policyCount += 1;
        return ok(
          24_900,
          [
            {
              type: 'internal',
              dest: user,
              value: CONFIRMATION_VALUE,
              body: body(
                policyConfirmation.store({ policyId: b.policyId, shardId: this.shardId, premium: b.premium }),
              ),
            },
            logOf(policyCreatedInShardLog, {
              policyId: b.policyId,
              shardId: this.shardId,
              user: b.user,
              coverageType: b.coverageType,
              chainId: b.chainId,
              stablecoinId: b.stablecoinId,
              coverageAmount: b.coverageAmount,
              durationDays: b.durationDays,
              productHash: hash,
            }),
          ],
          ['PolicyCreated'],
        );
      }
      case 0x61:
      case 0x62: {
        const policyId = parse(() => s.loadUintBig(64));
        if (policyId === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        if (op === 0x61 && d.src !== this.claimsProcessor && d.src !== this.owner) return fail(403, 3_400);
        if (op === 0x62 && d.src !== this.owner) return fail(403, 3_400);
        if (Number(policyId % 256n) !== this.shardId) return fail(402, 3_600);
        const policy = this.policies.get(policyId);
        if (!policy) return fail(404, 5_100);
        if (op === 0x62) {
          policy.active = false;
          return ok(8_800, [], ['PolicyDeactivated']);
        }
        if (policy.claimed) return fail(410, 5_900);
        policy.claimed = true;
        return ok(
          9_700,
          [logOf(policyClaimedLog, { policyId, shardId: this.shardId, coverageAmount: policy.coverage })],
          ['PolicyClaimed'],
        );
      }
      case 0x70:
      case 0x71:
        if (d.src !== this.owner) return fail(403, 3_300);
        this.paused = op === 0x70;
        return ok(
          5_000,
          [logOf(shardPausedUnpausedLog, { shardId: this.shardId, paused: this.paused })],
          [op === 0x70 ? 'ContractPaused' : 'ContractUnpaused'],
        );
      default:
        return fail(EXIT_UNKNOWN_OP, 3_400);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Treasury v2 (§3.7)

export class TreasuryV2 {
  totalPremiums = 0n;
  totalPayouts = 0n;
  reserve = 0n;
  readonly trancheYields: bigint[] = [0n, 0n, 0n, 0n, 0n, 0n];

  constructor(
    readonly address: string,
    readonly owner: string,
    readonly claimsProcessor: string,
    readonly vault: string,
    readonly stakingPool: string,
  ) {}

  handle(d: Delivery): Outcome {
    const s = d.body.beginParse();
    if (s.remainingBits === 0 && s.remainingRefs === 0) {
      this.reserve += d.value;
      return ok(2_600, [], ['ReserveDeposited']);
    }
    if (d.bounced) return ok(700, [], ['TransactionFailed']);
    const op = readOp(s);
    if (op === 'underflow' || op === null) return fail(EXIT_CELL_UNDERFLOW);
    switch (op) {
      case 0x01: {
        // policy_id u64, amount coins, ref policy_data — the router's (tx_id, policy_id, premium) has no ref.
        const b = parse(() => ({ policyId: s.loadUintBig(64), amount: s.loadCoins(), data: s.loadRef() }));
        if (b === 'underflow') return fail(EXIT_CELL_UNDERFLOW, 3_180);
        this.totalPremiums += b.amount;
        const vaultAmount = mulDiv(b.amount, 70n, 100n);
        const stakerAmount = mulDiv(b.amount, 20n, 100n);
        const reserveAmount = b.amount - vaultAmount - stakerAmount;
        this.reserve += reserveAmount;
        return ok(
          15_600,
          [
            {
              type: 'internal',
              dest: this.vault,
              value: vaultAmount,
              body: body(distributePremiums.store({ premiumAmount: vaultAmount })),
            },
            {
              type: 'internal',
              dest: this.stakingPool,
              value: stakerAmount,
              body: body(stakerPremium.store({ amount: stakerAmount })),
            },
            logOf(premiumReceivedLog, {
              policyId: b.policyId,
              amount: b.amount,
              vaultAmount,
              stakerAmount,
              reserveAmount,
              totalPremiums: this.totalPremiums,
            }),
          ],
          ['PremiumReceived'],
        );
      }
      case 0x04: {
        const b = parse(() => ({ trancheId: s.loadUint(8), amount: s.loadCoins() }));
        if (b === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        if (b.trancheId >= 1 && b.trancheId <= 6) this.trancheYields[b.trancheId - 1]! += b.amount;
        return ok(
          6_100,
          [logOf(yieldConfirmationLog, { trancheId: b.trancheId, yieldAmount: b.amount })],
          ['YieldAccrued'],
        );
      }
      case 0x06: {
        const b = parse(() => ({ recipient: s.loadAddress().toRawString(), amount: s.loadCoins() }));
        if (b === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
        if (d.src !== this.claimsProcessor) return fail(403, 3_600);
        if (this.reserve < b.amount) return fail(400, 4_100);
        this.reserve -= b.amount;
        this.totalPayouts += b.amount;
        return ok(
          8_900,
          [
            { type: 'internal', dest: b.recipient, value: b.amount, body: Cell.EMPTY },
            logOf(payoutMadeLog, {
              recipient: b.recipient,
              amount: b.amount,
              totalPayouts: this.totalPayouts,
            }),
          ],
          ['PayoutExecuted'],
        );
      }
      default:
        return fail(EXIT_UNKNOWN_OP, 3_400);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// ClaimsProcessor v2 (§3.6)

/** Result code of an action phase whose outbound message cannot be parsed. */
export const ACTION_INVALID_MESSAGE = 34;

export class ClaimsProcessorV2 {
  nextClaimId = 0n;
  readonly adapters = new Set<number>();

  constructor(
    readonly address: string,
    readonly owner: string,
  ) {}

  handle(d: Delivery): Outcome {
    const s = d.body.beginParse();
    if (s.remainingBits === 0 && s.remainingRefs === 0) return ok(300, [], []);
    if (d.bounced) return ok(600, [], ['TransactionFailed']);
    const op = readOp(s);
    if (op === 'underflow' || op === null) return fail(EXIT_CELL_UNDERFLOW);
    if (op === 0x01) {
      const b = parse(() => ({
        policyId: s.loadUintBig(64),
        coverageType: s.loadUint(8),
        chainId: s.loadUint(8),
        stablecoinId: s.loadUint(8),
        coverage: s.loadCoins(),
        evidence: s.loadRef(),
      }));
      if (b === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
      // The adapter was stored with udict_set_ref and is read with udict_get?: the "address" is a bare ref, so
      // the verification request's destination is malformed and the action phase rejects it (spec §3.6).
      if (this.adapters.has(b.chainId)) {
        return {
          exitCode: 0,
          gasUsed: 14_200,
          outs: [{ type: 'internal', dest: this.address, value: 100_000_000n, body: Cell.EMPTY }],
          actionResultCode: ACTION_INVALID_MESSAGE,
          events: ['TransactionFailed'],
        };
      }
      // Without an adapter for the chain the lookup fails and the contract throws.
      return fail(404, 6_300);
    }
    if (op === 0x11) {
      if (d.src !== this.owner) return fail(403, 3_100);
      const chainId = parse(() => {
        const id = s.loadUint(8);
        s.loadAddress();
        return id;
      });
      if (chainId === 'underflow') return fail(EXIT_CELL_UNDERFLOW);
      this.adapters.add(chainId);
      return ok(5_300, [], ['ConfigChanged']);
    }
    // Declared-but-unhandled and unknown ops are accepted without effect.
    return ok(1_900, [], []);
  }
}
