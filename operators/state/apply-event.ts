/**
 * `applyEvent(state, event) → state`: the pure reducer over all contract kinds. It copies the state, applies the
 * event with the kind's model and advances the state's position. An event at or below the position has been
 * applied already (replay, duplicate delivery) and returns the state unchanged — the same object, so callers can
 * tell by identity.
 */
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { AUDIT_ONLY_EVENT_TYPES } from '../../schemas/events/definitions.js';
import type { ContractState, StatePosition } from '../../schemas/state/contract-state.js';
import {
  applyFloatMasterEvent,
  applyGenericEvent,
  applyNftMinterEvent,
  applyTrancheTokenEvent,
  applyTreasuryEvent,
} from './other-states.js';
import { applyPolicyBookEvent } from './policy-book-state.js';
import { applyVaultEvent } from './vault-state.js';

/** Whether (lt, index) lies strictly after the position. */
export function isAfter(position: StatePosition, lt: string, index: number): boolean {
  if (position.lastLt === null) return true;
  const a = BigInt(lt);
  const b = BigInt(position.lastLt);
  return a > b || (a === b && index > position.lastIndex);
}

function applyInPlace(state: ContractState, event: CanonicalEvent): void {
  if (AUDIT_ONLY_EVENT_TYPES.has(event.type)) return;
  if (event.type === 'ContractPaused') {
    state.paused = true;
    return;
  }
  if (event.type === 'ContractUnpaused') {
    state.paused = false;
    return;
  }
  switch (state.family) {
    case 'vault':
      return applyVaultEvent(state, event);
    case 'policy-book':
      return applyPolicyBookEvent(state, event);
    case 'treasury':
      return applyTreasuryEvent(state, event);
    case 'float-master':
      return applyFloatMasterEvent(state, event);
    case 'nft-minter':
      return applyNftMinterEvent(state, event);
    case 'tranche-token':
      return applyTrancheTokenEvent(state, event);
    case 'generic':
      return applyGenericEvent(state, event);
  }
}

/**
 * A copy the reducers may change without touching what readers of the previous state use: small nested values
 * are copied, and the unbounded keyed collections (a book's policies, a vault's depositor and pending-tx records)
 * are shared and changed in place through the entry journal, which tells the writers what changed. Copying them
 * per event made state application quadratic in the size of the state (and a batch's before/after pairs held
 * one copy of a busy book per event).
 */
export function cloneForUpdate<S extends ContractState>(state: S): S {
  const base = { ...state, config: { ...state.config }, position: { ...state.position } } as ContractState;
  switch (base.family) {
    case 'vault':
      // Depositor balances and pending mint/burn txs grow without bound on a busy vault (bounced mints stay
      // pending); they are changed in place and shared with the previous state, whose readers (tranche
      // observations) only look at tranches and totals.
      base.tranches = base.tranches.map((t) => ({ ...t }));
      break;
    case 'policy-book':
      // Policies are shared with the previous state: readers of a change use `policyIds`, not a diff.
      base.shards = { ...base.shards };
      break;
    case 'treasury':
      base.trancheYields = [...base.trancheYields];
      break;
    case 'float-master':
      base.allocations = { ...base.allocations };
      base.maturities = { ...base.maturities };
      break;
    case 'nft-minter':
      // Owners (one per NFT ever minted) are shared and changed through the entry journal, like policies.
      break;
    case 'generic':
      base.counters = { ...base.counters };
      break;
    case 'tranche-token':
      break;
  }
  return base as S;
}

export function applyEvent<S extends ContractState>(state: S, event: CanonicalEvent): S {
  if (!isAfter(state.position, event.lt, event.index)) return state;
  const next = cloneForUpdate(state);
  applyInPlace(next, event);
  next.position = {
    lastLt: event.lt,
    lastIndex: event.index,
    lastUtime: event.utime,
    eventsApplied: state.position.eventsApplied + 1,
  };
  return next;
}
