/**
 * Derived per-contract state (DESIGN §4), as the state stage keeps it and PostgreSQL `contract_state` stores it
 * (JSONB via `state-json.ts`). Amounts are nanoTON bigints; maps are plain records so the JSON form is direct.
 * Every state carries the position of the last event applied to it, which is what makes re-application harmless.
 */
import type { ContractKind, Generation } from '../contracts/kinds.js';

/** Last applied event: (lt, index within the transaction). `lt` null = nothing applied yet. */
export interface StatePosition {
  lastLt: string | null;
  lastIndex: number;
  /** utime of the last applied event (0 before any). */
  lastUtime: number;
  eventsApplied: number;
}

/** Where the initial state came from. */
export interface StateOrigin {
  source: 'deploy-defaults' | 'get-methods' | 'json';
  /** lt of the get-method snapshot the state was bootstrapped from, if any. */
  atLt: string | null;
}

interface StateBase {
  kind: ContractKind;
  address: string;
  position: StatePosition;
  origin: StateOrigin;
  paused: boolean;
  /** Linked addresses and settings (admin, claims processor, treasury, ...), as ConfigChanged reports them. */
  config: Record<string, string | null>;
}

export interface TrancheState {
  id: number;
  capital: bigint;
  apyMinBps: number;
  apyMaxBps: number;
  curveType: number;
  allocationPercent: number;
  accumulatedYield: bigint;
  /** LP token master, raw address; null = addr_none. */
  tokenAddress: string | null;
  totalTokens: bigint;
  /** v3: unix time of the tranche's first deposit (the time curve's origin); null if none yet or v2. */
  firstDepositTime: number | null;
}

export interface DepositorBalance {
  trancheId: number;
  tokens: bigint;
  lockUntil: number;
}

/** A production-mode deposit/withdraw waiting for its token mint/burn (the contract's `pending_txs`). */
export interface PendingVaultTx {
  txId: bigint;
  op: 'deposit' | 'withdraw';
  trancheId: number;
  user: string | null;
  /** Tokens minted (deposit) or burned (withdraw). */
  tokens: bigint;
  /** Deposit: the original TON amount; withdraw: the total payout. */
  amount: bigint;
  retries: number;
  createdAt: number;
}

export interface VaultState extends StateBase {
  family: 'vault';
  generation: Generation;
  totalCapital: bigint;
  /** Never updated by either vault (spec §0.5); kept to answer its get-method. */
  totalCoverageSold: bigint;
  accumulatedPremiums: bigint;
  accumulatedLosses: bigint;
  /** v3: EQT yield above the 25 % cap. Always 0 for v2. */
  protocolEarnedCapital: bigint;
  /** Tranches 1..6 in id order. */
  tranches: TrancheState[];
  testMode: boolean;
  seqNo: number;
  circuitBreakerWindowStart: number;
  circuitBreakerLosses: bigint;
  /** Keyed by raw depositor address (the contract keys by its hash). Only test mode writes balances. */
  depositorBalances: Record<string, DepositorBalance>;
  /** Keyed by tx id (decimal). */
  pendingTxs: Record<string, PendingVaultTx>;
}

export interface BookPolicy {
  policyId: bigint;
  user: string | null;
  coverageType: number | null;
  chainId: number | null;
  stablecoinId: number | null;
  productType: number | null;
  assetId: number | null;
  coverage: bigint;
  premium: bigint | null;
  startTime: number;
  /** Unix time the cover ends; null when the contract did not reveal a duration. */
  expiry: number | null;
  active: boolean;
  claimed: boolean;
}

/**
 * Policy-holding and policy-routing contracts: v2 PolicyFactory / PolicyRouter / PolicyShard, v3 MasterFactory,
 * sub-factories and children. Fields a kind does not have stay at their zero value.
 */
export interface PolicyBookState extends StateBase {
  family: 'policy-book';
  generation: Generation;
  nextPolicyId: bigint;
  totalPolicies: bigint;
  /** Sum of coverage ever issued (v3 children's `total_coverage`, never decremented). */
  totalCoverage: bigint;
  /** Policies this contract holds, keyed by policy id (decimal). Routers and sub-factories hold none. */
  policies: Record<string, BookPolicy>;
  /** v3 MasterFactory `total_claims_processed`; v2 shard/child: claims marked. */
  claimsProcessed: bigint;
  /** v3 sub-factory `total_children`. */
  totalChildren: number;
  /** v2 router: shard id → shard address. */
  shards: Record<string, string | null>;
}

export interface TreasuryState extends StateBase {
  family: 'treasury';
  totalPremiums: bigint;
  totalPayouts: bigint;
  reserve: bigint;
  /** Yield confirmed per tranche 1..6. */
  trancheYields: bigint[];
}

export interface FloatMasterState extends StateBase {
  family: 'float-master';
  totalPremiums: bigint;
  totalActiveCoverage: bigint;
  activeCoverageCapital: bigint;
  expiredCoverageCapital: bigint;
  allocations: { rwa: bigint; btc: bigint; defi: bigint; hedge: bigint };
  /** expiry (unix s, decimal) → coverage maturing then. */
  maturities: Record<string, bigint>;
}

export interface NftMinterState extends StateBase {
  family: 'nft-minter';
  nextNftId: bigint;
  totalMinted: bigint;
  /** nft id (decimal) → owner. */
  owners: Record<string, string | null>;
}

export interface TrancheTokenState extends StateBase {
  family: 'tranche-token';
  totalSupply: bigint;
}

/** Contracts whose state the pipeline only follows coarsely (claims processor, escrow): status and counters. */
export interface GenericState extends StateBase {
  family: 'generic';
  status: string | null;
  counters: Record<string, bigint>;
}

export type ContractState =
  | VaultState
  | PolicyBookState
  | TreasuryState
  | FloatMasterState
  | NftMinterState
  | TrancheTokenState
  | GenericState;

export type StateFamily = ContractState['family'];

export const TRANCHE_IDS = [1, 2, 3, 4, 5, 6] as const;
