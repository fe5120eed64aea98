/**
 * Policy books and policy routers: v2 PolicyFactory / PolicyRouter / PolicyShard (spec §3.3–3.5), v3
 * MasterFactory, sub-factories and children (§5.2–5.6). Ids, counters and expiry follow each contract: a factory
 * or child assigns `next_policy_id` and bumps it; a router counts without holding policies; a shard holds the
 * policies the router numbered; v3 children keep `total_coverage` cumulative.
 */
import type { CanonicalEvent, CanonicalEventOf } from '../../schemas/events/canonical-event.js';
import type { BookPolicy, PolicyBookState } from '../../schemas/state/contract-state.js';
import { setEntry } from './entry-journal.js';

const DAY = 86_400;
const HOUR = 3_600;

/** End of cover: the event's expiry, else start + duration as the contract computes it. */
export function policyExpiry(d: CanonicalEventOf<'PolicyCreated'>['data'], start: number): number | null {
  if (d.expiry !== null) return d.expiry;
  if (d.durationDays !== null) return start + d.durationDays * DAY;
  if (d.durationHours !== null) return start + d.durationHours * HOUR;
  return null;
}

function holdsPolicies(state: PolicyBookState): boolean {
  return (
    state.kind === 'policy-factory-v2' ||
    state.kind === 'policy-shard-v2' ||
    state.kind === 'master-factory-v3' ||
    state.kind.endsWith('-child-v3')
  );
}

function created(state: PolicyBookState, e: CanonicalEventOf<'PolicyCreated'>): void {
  const d = e.data;
  const policyId = d.policyId ?? state.nextPolicyId;
  if (state.kind !== 'policy-shard-v2') {
    // Factories, routers and children number policies sequentially.
    state.nextPolicyId = policyId + 1n > state.nextPolicyId ? policyId + 1n : state.nextPolicyId;
  }
  state.totalPolicies += 1n;
  state.totalCoverage += d.coverageAmount;
  if (!holdsPolicies(state)) return;
  const start = d.startTime ?? e.utime;
  const policy: BookPolicy = {
    policyId,
    user: d.user,
    coverageType: d.coverageType,
    chainId: d.chainId,
    stablecoinId: d.stablecoinId,
    productType: d.productType,
    assetId: d.assetId,
    coverage: d.coverageAmount,
    premium: d.premium,
    startTime: start,
    expiry: policyExpiry(d, start),
    active: true,
    claimed: false,
  };
  setEntry(state.policies, policyId.toString(), policy);
}

function claimed(state: PolicyBookState, e: CanonicalEventOf<'PolicyClaimed'>): void {
  state.claimsProcessed += 1n;
  if (e.data.policyId === null) return;
  const policy = state.policies[e.data.policyId.toString()];
  if (!policy) return;
  // Entries may still be held by readers of earlier output (policy rows): replace, never mutate.
  setEntry(state.policies, e.data.policyId.toString(), { ...policy, claimed: true, active: false });
}

function registered(state: PolicyBookState, e: CanonicalEventOf<'PolicyRegistered'>): void {
  const d = e.data;
  setEntry(state.policies, d.policyId.toString(), {
    policyId: d.policyId,
    user: d.user,
    coverageType: null,
    chainId: null,
    stablecoinId: null,
    productType: d.productType,
    assetId: d.assetId,
    coverage: d.coverageAmount,
    premium: null,
    startTime: e.utime,
    expiry: d.expiry,
    active: true,
    claimed: false,
  });
}

/** Applies one event to a policy book (in place). */
export function applyPolicyBookEvent(state: PolicyBookState, event: CanonicalEvent): void {
  switch (event.type) {
    case 'PolicyCreated':
      return created(state, event);
    case 'PolicyClaimed':
      return claimed(state, event);
    case 'PolicyDeactivated': {
      const policy = state.policies[event.data.policyId.toString()];
      if (policy) setEntry(state.policies, event.data.policyId.toString(), { ...policy, active: false });
      return;
    }
    case 'PolicyRegistered':
      return registered(state, event);
    case 'PolicyForwarded':
      state.totalPolicies += 1n;
      if (event.data.childDeployed) {
        state.totalChildren += 1;
        if (!state.kind.startsWith('master-factory'))
          state.config[`child(${event.data.assetId})`] = event.data.child;
      }
      return;
    case 'PolicyCreationBounced':
      // The router rolls its counters back when the newest policy's shard message bounces (log 0x59).
      if (event.data.policyId === state.nextPolicyId - 1n) {
        state.nextPolicyId -= 1n;
        if (state.totalPolicies > 0n) state.totalPolicies -= 1n;
      }
      return;
    case 'ShardRegistered':
      state.shards[String(event.data.shardId)] = event.data.shard;
      return;
    case 'ConfigChanged':
      // Sub-factory register_child: a new asset id adds a child (re-registering replaces the address).
      if (
        event.data.key === 'child' &&
        event.data.index !== null &&
        !(`child(${event.data.index})` in state.config)
      ) {
        state.totalChildren += 1;
      }
      state.config[event.data.index === null ? event.data.key : `${event.data.key}(${event.data.index})`] =
        event.data.value;
      return;
    default:
      return;
  }
}
