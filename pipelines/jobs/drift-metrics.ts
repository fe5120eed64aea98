import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type { ContractState } from '../../schemas/state/contract-state.js';

/**
 * What the drift job compares, per contract kind: a get-method call (name, integer args), which stack entry holds
 * the value, and the same value in the derived state. Only values the chain really reports and the state model
 * really tracks are listed (spec §6): e.g. per-tranche coverage does not exist on-chain, so it is not here.
 */
export interface DriftMetric {
  metric: string;
  method: string;
  args: number[];
  /** Index of the value in the returned stack. */
  index: number;
  derived: (state: ContractState) => bigint | null;
}

const vault = (f: (s: Extract<ContractState, { family: 'vault' }>) => bigint) => (s: ContractState) =>
  s.family === 'vault' ? f(s) : null;
const book = (f: (s: Extract<ContractState, { family: 'policy-book' }>) => bigint) => (s: ContractState) =>
  s.family === 'policy-book' ? f(s) : null;
const treasury = (f: (s: Extract<ContractState, { family: 'treasury' }>) => bigint) => (s: ContractState) =>
  s.family === 'treasury' ? f(s) : null;

function vaultMetrics(): DriftMetric[] {
  const metrics: DriftMetric[] = [
    {
      metric: 'total_capital',
      method: 'get_total_capital',
      args: [],
      index: 0,
      derived: vault((s) => s.totalCapital),
    },
    {
      metric: 'accumulated_premiums',
      method: 'get_accumulated_premiums',
      args: [],
      index: 0,
      derived: vault((s) => s.accumulatedPremiums),
    },
    {
      metric: 'accumulated_losses',
      method: 'get_accumulated_losses',
      args: [],
      index: 0,
      derived: vault((s) => s.accumulatedLosses),
    },
  ];
  for (let id = 1; id <= 6; id++) {
    const t = (s: Extract<ContractState, { family: 'vault' }>) => s.tranches.find((x) => x.id === id);
    // get_tranche_info(id) → (capital, apy_min, apy_max, curve_type, allocation_pct, accumulated_yield, token, total_tokens)
    metrics.push(
      {
        metric: `tranche_${id}.capital`,
        method: 'get_tranche_info',
        args: [id],
        index: 0,
        derived: vault((s) => t(s)?.capital ?? 0n),
      },
      {
        metric: `tranche_${id}.accumulated_yield`,
        method: 'get_tranche_info',
        args: [id],
        index: 5,
        derived: vault((s) => t(s)?.accumulatedYield ?? 0n),
      },
      {
        metric: `tranche_${id}.total_tokens`,
        method: 'get_tranche_info',
        args: [id],
        index: 7,
        derived: vault((s) => t(s)?.totalTokens ?? 0n),
      },
    );
  }
  return metrics;
}

const nextPolicyId: DriftMetric = {
  metric: 'next_policy_id',
  method: 'get_next_policy_id',
  args: [],
  index: 0,
  derived: book((s) => s.nextPolicyId),
};
const totalPolicies: DriftMetric = {
  metric: 'total_policies',
  method: 'get_total_policies',
  args: [],
  index: 0,
  derived: book((s) => s.totalPolicies),
};
const totalCoverage: DriftMetric = {
  metric: 'total_coverage',
  method: 'get_total_coverage',
  args: [],
  index: 0,
  derived: book((s) => s.totalCoverage),
};

const CHILD = [nextPolicyId, totalPolicies, totalCoverage];

export const DRIFT_METRICS: Partial<Record<ContractKind, DriftMetric[]>> = {
  'vault-v2': vaultMetrics(),
  'vault-v3': vaultMetrics(),
  'policy-factory-v2': [nextPolicyId],
  'policy-router-v2': [nextPolicyId, totalPolicies],
  'treasury-v2': [
    {
      metric: 'total_premiums',
      method: 'get_treasury_stats',
      args: [],
      index: 0,
      derived: treasury((s) => s.totalPremiums),
    },
    {
      metric: 'total_payouts',
      method: 'get_treasury_stats',
      args: [],
      index: 1,
      derived: treasury((s) => s.totalPayouts),
    },
    {
      metric: 'reserve',
      method: 'get_treasury_stats',
      args: [],
      index: 2,
      derived: treasury((s) => s.reserve),
    },
  ],
  'master-factory-v3': [
    {
      metric: 'total_policies_created',
      method: 'get_total_policies_created',
      args: [],
      index: 0,
      derived: book((s) => s.totalPolicies),
    },
    {
      metric: 'total_claims_processed',
      method: 'get_total_claims_processed',
      args: [],
      index: 0,
      derived: book((s) => s.claimsProcessed),
    },
  ],
  'depeg-subfactory-v3': [totalPolicies],
  'bridge-subfactory-v3': [totalPolicies],
  'oracle-subfactory-v3': [totalPolicies],
  'contract-subfactory-v3': [totalPolicies],
  'natcat-subfactory-v3': [totalPolicies],
  'stablecoin-child-v3': CHILD,
  'bridge-child-v3': CHILD,
  'oracle-child-v3': CHILD,
  'protocol-child-v3': CHILD,
  'natcat-child-v3': CHILD,
};

export type DriftStatus = 'ok' | 'warn' | 'critical' | 'pending';

export interface DriftComparison {
  absDrift: bigint;
  relDrift: number;
  exact: boolean;
  status: DriftStatus;
}

/**
 * |derived − chain| and its ratio to the chain value. Every metric here is modelled to the unit, so any non-zero
 * drift warns (which also covers the 5 % level); above `criticalRatio` (10 %) it is critical.
 */
export function compareMetric(chain: bigint, derived: bigint, criticalRatio = 0.1): DriftComparison {
  const abs = derived > chain ? derived - chain : chain - derived;
  const rel =
    abs === 0n
      ? 0
      : chain === 0n
        ? Number.POSITIVE_INFINITY
        : Number((abs * 1_000_000n) / (chain < 0n ? -chain : chain)) / 1_000_000;
  const status: DriftStatus = abs === 0n ? 'ok' : rel > criticalRatio ? 'critical' : 'warn';
  return { absDrift: abs, relDrift: rel, exact: abs === 0n, status };
}
