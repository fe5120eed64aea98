/**
 * JSON form of contract state for PostgreSQL `contract_state` (JSONB): bigints become decimal strings and are
 * revived by field name. Every bigint field of the state types is listed here and no field of another type uses
 * one of these names, so the round trip is exact (state-json.test.ts checks it for every family).
 */
import type { ContractState } from '../../schemas/state/contract-state.js';

/** Field names whose values (or array elements / record values) are bigints. */
const BIGINT_FIELDS: ReadonlySet<string> = new Set([
  'totalCapital',
  'totalCoverageSold',
  'accumulatedPremiums',
  'accumulatedLosses',
  'protocolEarnedCapital',
  'circuitBreakerLosses',
  'capital',
  'accumulatedYield',
  'totalTokens',
  'tokens',
  'txId',
  'amount',
  'policyId',
  'coverage',
  'premium',
  'nextPolicyId',
  'totalPolicies',
  'totalCoverage',
  'claimsProcessed',
  'totalPremiums',
  'totalPayouts',
  'reserve',
  'trancheYields',
  'totalActiveCoverage',
  'activeCoverageCapital',
  'expiredCoverageCapital',
  'rwa',
  'btc',
  'defi',
  'hedge',
  'maturities',
  'nextNftId',
  'totalMinted',
  'totalSupply',
  'counters',
]);

function revive(key: string, value: unknown): unknown {
  if (!BIGINT_FIELDS.has(key)) return value;
  if (typeof value === 'string') return BigInt(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? BigInt(v) : v));
  if (value && typeof value === 'object') {
    // Records of bigints (maturities, counters); records of objects revive field by field.
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? BigInt(v) : v]),
    );
  }
  return value;
}

/** A JSON-safe copy of the state (bigints as strings). */
export function stateToJson(state: ContractState): unknown {
  return JSON.parse(JSON.stringify(state, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

/**
 * The state as JSON text for PostgreSQL `contract_state`, without its unbounded collections (ROW_OMITTED): those
 * live one row per entry in their own tables, written as they change, because serialising them whole on every
 * batch made a batch's cost grow with the contract's history. `loadContractStates` puts them back.
 */
export function stateToRowJson(state: ContractState): string {
  return JSON.stringify(state, function (this: unknown, key, value: unknown) {
    if (typeof value === 'bigint') return value.toString();
    if (this === state && ROW_OMITTED.has(key)) return undefined;
    return value;
  });
}

/**
 * Unbounded collections kept out of the `contract_state` row: a book's policies (table `policies`), a vault's
 * pending transactions and depositor balances, an NFT minter's owners (table `contract_entries`, see
 * entry-journal.ts).
 */
const ROW_OMITTED: ReadonlySet<string> = new Set(['policies', 'pendingTxs', 'depositorBalances', 'owners']);

/** JSON text of any part of a state (bigints as strings), and back: `contract_entries` values use these. */
export function partToJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function partFromJson<T>(json: unknown): T {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  return JSON.parse(text, (k, v: unknown) => revive(k, v)) as T;
}

export function stateFromJson(json: unknown): ContractState {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  const state = JSON.parse(text, (k, v: unknown) => revive(k, v)) as ContractState;
  // Rows of `contract_state` carry no policies (see stateToRowJson).
  if (state.family === 'policy-book' && !state.policies) state.policies = {};
  if (state.family === 'vault') {
    state.pendingTxs ??= {};
    state.depositorBalances ??= {};
  }
  if (state.family === 'nft-minter') state.owners ??= {};
  return state;
}
