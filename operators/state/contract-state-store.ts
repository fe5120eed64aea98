/**
 * Current state of every contract the pipeline follows, keyed by raw address. `apply` feeds canonical events to
 * the contracts whose state they change (`stateOwner`); an event at or below a contract's last applied
 * (lt, index) is skipped, so replays and duplicate deliveries change nothing.
 */
import type { ContractMap } from '../../schemas/contracts/contract-map.js';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import type { ContractState } from '../../schemas/state/contract-state.js';
import { applyEvent } from './apply-event.js';
import { takeChangedEntries } from './entry-journal.js';
import { deployDefaults, type DeployConfig } from './initial-state.js';
import { stateFromJson, stateToJson } from './state-json.js';

export interface StateChange {
  address: string;
  event: CanonicalEvent;
  /**
   * The state before the event. Its unbounded collections (policies, depositor balances, pending txs) are
   * shared with `after` — see `cloneForUpdate` — so only its scalars and small records are the earlier values.
   */
  before: ContractState;
  after: ContractState;
  /** Policy book: the ids of the policies this event created or changed. */
  policyIds: readonly string[];
}

export interface ApplyResult {
  changes: StateChange[];
  /** Events already reflected in the state (at or below its position). */
  skipped: number;
}

export interface ContractStateStoreOptions {
  /** Kind of each address; events for an address not in the map use the event's own `kind`. */
  contracts?: ContractMap;
  /** Deploy configuration per address, for contracts first seen without a stored state. */
  deployConfig?: (address: string, kind: ContractKind) => DeployConfig | undefined;
}

export class ContractStateStore {
  private readonly states = new Map<string, ContractState>();

  constructor(private readonly options: ContractStateStoreOptions = {}) {}

  get(address: string): ContractState | undefined {
    return this.states.get(address);
  }

  /** Installs a state (bootstrapped from get-methods, loaded from PostgreSQL, ...), replacing any other. */
  set(state: ContractState): void {
    this.states.set(state.address, state);
  }

  addresses(): string[] {
    return [...this.states.keys()].sort();
  }

  all(): ContractState[] {
    return this.addresses().map((a) => this.states.get(a)!);
  }

  private stateFor(event: CanonicalEvent): ContractState {
    const address = event.stateOwner;
    const existing = this.states.get(address);
    if (existing) return existing;
    const kind = this.options.contracts?.get(address) ?? event.kind;
    const created = deployDefaults(kind, address, this.options.deployConfig?.(address, kind));
    this.states.set(address, created);
    return created;
  }

  /** Applies events in the order given (callers deliver each contract's events in lt order). */
  apply(events: Iterable<CanonicalEvent>): ApplyResult {
    const changes: StateChange[] = [];
    let skipped = 0;
    for (const event of events) {
      const before = this.stateFor(event);
      const after = applyEvent(before, event);
      if (after === before) {
        skipped++;
        continue;
      }
      this.states.set(event.stateOwner, after);
      const policyIds = after.family === 'policy-book' ? takeChangedEntries(after.policies) : [];
      changes.push({ address: event.stateOwner, event, before, after, policyIds });
    }
    return { changes, skipped };
  }

  toJson(): Record<string, unknown> {
    return Object.fromEntries(this.all().map((s) => [s.address, stateToJson(s)]));
  }

  static fromJson(
    json: Record<string, unknown>,
    options: ContractStateStoreOptions = {},
  ): ContractStateStore {
    const store = new ContractStateStore(options);
    for (const value of Object.values(json)) store.set(stateFromJson(value));
    return store;
  }
}
