/**
 * The state report: derived state per contract in a small, stable JSON shape (amounts as decimal strings, keyed by
 * raw address). `tonstream replay --state-out` writes it, `tonstream state --json` prints it from PostgreSQL, and
 * `--init` reads it back — so an offline replay and the running pipeline can be compared with a plain diff.
 */
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import { isContractKind } from '../../schemas/contracts/kinds.js';
import type { ContractState } from '../../schemas/state/contract-state.js';
import { ConfigError } from '../../pipelines/runtime/errors.js';
import { deployDefaults } from './initial-state.js';
import { vaultNav } from './vault-state.js';

export type ContractReport = Record<string, unknown> & { kind: ContractKind; lastLt: string | null };
export type StateReport = Record<string, ContractReport>;

export function contractReport(state: ContractState): ContractReport {
  const base = { kind: state.kind, lastLt: state.position.lastLt };
  switch (state.family) {
    case 'vault':
      return {
        ...base,
        totalCapital: state.totalCapital.toString(),
        accumulatedPremiums: state.accumulatedPremiums.toString(),
        accumulatedLosses: state.accumulatedLosses.toString(),
        paused: state.paused,
        tranches: Object.fromEntries(
          state.tranches.map((t) => [
            String(t.id),
            {
              capital: t.capital.toString(),
              accumulatedYield: t.accumulatedYield.toString(),
              totalTokens: t.totalTokens.toString(),
              nav: vaultNav(state, t, state.position.lastUtime).toString(),
            },
          ]),
        ),
      };
    case 'policy-book': {
      // Active = neither claimed nor deactivated nor past its expiry at the book's last event time.
      const now = state.position.lastUtime;
      const active = Object.values(state.policies).reduce(
        (sum, p) => (p.active && (p.expiry === null || p.expiry > now) ? sum + p.coverage : sum),
        0n,
      );
      if (state.kind === 'master-factory-v3') {
        return {
          ...base,
          totalPoliciesCreated: state.totalPolicies.toString(),
          totalClaimsProcessed: state.claimsProcessed.toString(),
        };
      }
      return {
        ...base,
        totalCoverage: state.totalCoverage.toString(),
        totalPolicies: state.totalPolicies.toString(),
        nextPolicyId: state.nextPolicyId.toString(),
        activeCoverage: active.toString(),
      };
    }
    case 'treasury':
      return {
        ...base,
        totalPremiums: state.totalPremiums.toString(),
        totalPayouts: state.totalPayouts.toString(),
        reserve: state.reserve.toString(),
      };
    default:
      return { ...base, paused: state.paused };
  }
}

export function stateReport(states: Iterable<ContractState>): StateReport {
  const out: StateReport = {};
  for (const s of [...states].sort((a, b) => (a.address < b.address ? -1 : 1)))
    out[s.address] = contractReport(s);
  return out;
}

const big = (v: unknown, field: string, address: string): bigint => {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new ConfigError(`init state of ${address}: ${field} must be a decimal string`, field);
};

/**
 * A seed state from a report entry: the contract's deploy defaults with the reported figures laid over them
 * (fields the report does not carry keep their defaults).
 */
export function stateFromReport(address: string, entry: Record<string, unknown>): ContractState {
  if (!isContractKind(entry.kind))
    throw new ConfigError(`init state of ${address}: unknown kind '${String(entry.kind)}'`, 'kind');
  const state = deployDefaults(entry.kind, address);
  // The report does not carry the event index: treat every event of the last lt as applied.
  if (typeof entry.lastLt === 'string')
    state.position = { ...state.position, lastLt: entry.lastLt, lastIndex: Number.MAX_SAFE_INTEGER };
  if (state.family === 'vault') {
    if (entry.totalCapital !== undefined)
      state.totalCapital = big(entry.totalCapital, 'totalCapital', address);
    if (entry.accumulatedPremiums !== undefined)
      state.accumulatedPremiums = big(entry.accumulatedPremiums, 'accumulatedPremiums', address);
    if (entry.accumulatedLosses !== undefined)
      state.accumulatedLosses = big(entry.accumulatedLosses, 'accumulatedLosses', address);
    if (typeof entry.paused === 'boolean') state.paused = entry.paused;
    const tranches = (entry.tranches ?? {}) as Record<string, Record<string, unknown>>;
    for (const t of state.tranches) {
      const r = tranches[String(t.id)];
      if (!r) continue;
      if (r.capital !== undefined) t.capital = big(r.capital, `tranches.${t.id}.capital`, address);
      if (r.accumulatedYield !== undefined)
        t.accumulatedYield = big(r.accumulatedYield, `tranches.${t.id}.accumulatedYield`, address);
      if (r.totalTokens !== undefined)
        t.totalTokens = big(r.totalTokens, `tranches.${t.id}.totalTokens`, address);
    }
  } else if (state.family === 'policy-book') {
    if (entry.totalCoverage !== undefined)
      state.totalCoverage = big(entry.totalCoverage, 'totalCoverage', address);
    if (entry.totalPolicies !== undefined)
      state.totalPolicies = big(entry.totalPolicies, 'totalPolicies', address);
    if (entry.totalPoliciesCreated !== undefined)
      state.totalPolicies = big(entry.totalPoliciesCreated, 'totalPoliciesCreated', address);
    if (entry.nextPolicyId !== undefined)
      state.nextPolicyId = big(entry.nextPolicyId, 'nextPolicyId', address);
    if (entry.totalClaimsProcessed !== undefined)
      state.claimsProcessed = big(entry.totalClaimsProcessed, 'totalClaimsProcessed', address);
  } else if (state.family === 'treasury') {
    if (entry.totalPremiums !== undefined)
      state.totalPremiums = big(entry.totalPremiums, 'totalPremiums', address);
    if (entry.totalPayouts !== undefined)
      state.totalPayouts = big(entry.totalPayouts, 'totalPayouts', address);
    if (entry.reserve !== undefined) state.reserve = big(entry.reserve, 'reserve', address);
  }
  return state;
}
