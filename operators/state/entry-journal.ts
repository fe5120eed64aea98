/**
 * Which entries of a contract's unbounded keyed collections (a vault's pending transactions and depositor
 * balances, a book's policies) changed since the last ask. Those collections stay out of the `contract_state`
 * row — rewriting them whole on every batch made a batch's cost grow with the contract's history — and the writer
 * stores just the changed entries, one row each (`contract_entries`, `policies`). The state store takes a book's
 * changes after every event (`StateChange.policyIds`); the writer takes a vault's once per batch.
 *
 * The journal is keyed by the collection object itself, which `cloneForUpdate` shares between state versions, so
 * marks survive copy-on-write. A processor rebuilt from the audit log has new collection objects whose replay marks
 * every entry it touched: the first write after a rebuild rewrites them all, which repairs anything a failed
 * transaction left behind.
 */
const changed = new WeakMap<object, Set<string>>();

function mark(collection: object, key: string): void {
  let keys = changed.get(collection);
  if (!keys) changed.set(collection, (keys = new Set()));
  keys.add(key);
}

export function setEntry<T>(collection: Record<string, T>, key: string, value: T): void {
  collection[key] = value;
  mark(collection, key);
}

export function deleteEntry(collection: Record<string, unknown>, key: string): void {
  delete collection[key];
  mark(collection, key);
}

/** Marks every entry of a collection built wholesale (e.g. parsed from a get-method snapshot). */
export function markAllEntries(collection: Record<string, unknown>): void {
  for (const key of Object.keys(collection)) mark(collection, key);
}

/** The keys changed since the last call (set or deleted), and forgets them. */
export function takeChangedEntries(collection: object): string[] {
  const keys = changed.get(collection);
  if (!keys) return [];
  changed.delete(collection);
  return [...keys];
}
