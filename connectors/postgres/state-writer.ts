import type pg from 'pg';
import { takeChangedEntries } from '../../operators/state/entry-journal.js';
import { partToJson, stateToRowJson } from '../../operators/state/state-json.js';
import type { StateChange } from '../../operators/state/contract-state-store.js';
import type { ExposureObservation } from '../../operators/state/active-coverage.js';
import type { TrancheObservation } from '../../operators/state/tranche-observations.js';
import { generationOf } from '../../schemas/contracts/kinds.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { enrichmentToJson } from '../../schemas/events/enriched-event.js';
import { eventToJson } from '../../schemas/events/event-json.js';
import type { Alert } from '../../schemas/state/alert.js';
import type { BookPolicy, ContractState } from '../../schemas/state/contract-state.js';
import { unnestUpsert } from './unnest-upsert.js';

const AMOUNT_FIELDS = ['amount', 'coverageAmount', 'premium', 'loss', 'payout', 'total', 'value'];

/** The event's headline amount for the audit table (the full data is in `data`). */
export function mainAmount(event: CanonicalEvent): bigint | null {
  const data = event.data as Record<string, unknown>;
  for (const f of AMOUNT_FIELDS) if (typeof data[f] === 'bigint') return data[f] as bigint;
  return null;
}

function enrichmentOf(event: CanonicalEvent): any {
  return (event as { enrichment?: any }).enrichment;
}

function eventJsonWithEnrichment(event: CanonicalEvent): string {
  const enrichment = enrichmentOf(event);
  return JSON.stringify(
    enrichment ? { ...eventToJson(event), enrichment: enrichmentToJson(enrichment) } : eventToJson(event),
  );
}

/**
 * Inserts the audit rows of a batch and returns the ids that were new: only those may change state, which is what
 * makes a replayed or re-delivered event harmless (applied at most once).
 *
 * `json[i]`, when given, is event i's JSON exactly as it arrived (the events topic's record value); it is stored
 * as is instead of serialising the event again. The whole batch travels as ONE jsonb parameter, an array of
 * `[scalar columns…, event]` rows: PostgreSQL parses it once, and nothing has to be escaped into an array literal
 * (an unnest of a text[] of 1 KB JSON documents ran at a third of this rate).
 */
export async function insertEvents(
  client: pg.ClientBase,
  events: readonly CanonicalEvent[],
  json?: readonly (string | undefined)[],
): Promise<Set<string>> {
  if (!events.length) return new Set();
  const parts: string[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const enrichment = enrichmentOf(e);
    const data = e.data as { policyId?: bigint | null; trancheId?: number | null };
    const scalars = [
      e.eventId,
      e.type,
      e.kind,
      e.account,
      e.stateOwner,
      e.lt,
      e.hash,
      e.index,
      e.utime,
      data.policyId === undefined || data.policyId === null ? null : data.policyId.toString(),
      enrichment?.product?.productKey ?? enrichment?.v3Product?.productKey ?? null,
      data.trancheId ?? null,
      mainAmount(e)?.toString() ?? null,
    ];
    const head = JSON.stringify(scalars);
    parts[i] = `${head.slice(0, -1)},${json?.[i] ?? eventJsonWithEnrichment(e)}]`;
  }
  const result = await client.query(
    `INSERT INTO events (event_id, event_type, kind, account, state_owner, lt, tx_hash, event_index, utime,
       policy_id, product_key, tranche_id, amount, data)
     SELECT r->>0, r->>1, r->>2, r->>3, r->>4, (r->>5)::numeric, r->>6, (r->>7)::integer,
       to_timestamp((r->>8)::bigint), (r->>9)::numeric, r->>10, (r->>11)::smallint, (r->>12)::numeric, r->13
     FROM jsonb_array_elements($1::jsonb) AS r
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [`[${parts.join(',')}]`],
  );
  return new Set(result.rows.map((r) => r.event_id as string));
}

/** Latest state of every contract the batch changed. */
export async function upsertContractStates(
  client: pg.ClientBase,
  changes: readonly StateChange[],
): Promise<void> {
  const last = new Map<string, StateChange>();
  for (const c of changes) last.set(c.address, c);
  await unnestUpsert(
    client,
    {
      table: 'contract_state',
      columns: [
        { name: 'address', type: 'text', value: (c: StateChange) => c.address },
        { name: 'kind', type: 'text', value: (c) => c.after.kind },
        { name: 'state', type: 'jsonb', value: (c) => stateToRowJson(c.after) },
        { name: 'last_lt', type: 'numeric', value: (c) => c.event.lt },
        { name: 'last_event_id', type: 'text', value: (c) => c.event.eventId },
        {
          name: 'last_utime',
          type: 'timestamptz',
          value: (c) => new Date(c.event.utime * 1000).toISOString(),
        },
        { name: 'updated_at', type: 'timestamptz', value: () => new Date().toISOString() },
      ],
      conflict: ['address'],
    },
    [...last.values()],
  );
}

/** The collections of a state kept one row per entry in `contract_entries`. */
/** The collections of each state family stored one row per entry in `contract_entries`. */
export const ENTRY_COLLECTIONS: Partial<Record<ContractState['family'], readonly string[]>> = {
  vault: ['pendingTxs', 'depositorBalances'],
  'nft-minter': ['owners'],
};

/**
 * Writes the entries of the `ENTRY_COLLECTIONS` (vaults' pending transactions and depositor balances, NFT
 * minters' owners) that changed (upserted) or went away (deleted) since the last write, as the entry journal
 * recorded them.
 */
export async function writeContractEntries(
  client: pg.ClientBase,
  changes: readonly StateChange[],
): Promise<void> {
  const last = new Map<string, StateChange>();
  for (const c of changes) if (ENTRY_COLLECTIONS[c.after.family]) last.set(c.address, c);
  const upserts: { address: string; collection: string; key: string; value: string }[] = [];
  const deletes: { address: string; collection: string; key: string }[] = [];
  for (const c of last.values()) {
    for (const collection of ENTRY_COLLECTIONS[c.after.family] ?? []) {
      const entries = (c.after as unknown as Record<string, Record<string, unknown>>)[collection]!;
      for (const key of takeChangedEntries(entries)) {
        const value = entries[key];
        if (value === undefined) deletes.push({ address: c.address, collection, key });
        else upserts.push({ address: c.address, collection, key, value: partToJson(value) });
      }
    }
  }
  if (deletes.length)
    await client.query(
      `DELETE FROM contract_entries e USING unnest($1::text[], $2::text[], $3::text[]) AS d(address, collection, key)
        WHERE e.address = d.address AND e.collection = d.collection AND e.key = d.key`,
      [deletes.map((d) => d.address), deletes.map((d) => d.collection), deletes.map((d) => d.key)],
    );
  await unnestUpsert(
    client,
    {
      table: 'contract_entries',
      columns: [
        { name: 'address', type: 'text', value: (r: (typeof upserts)[number]) => r.address },
        { name: 'collection', type: 'text', value: (r) => r.collection },
        { name: 'key', type: 'text', value: (r) => r.key },
        { name: 'value', type: 'jsonb', value: (r) => r.value },
      ],
      conflict: ['address', 'collection', 'key'],
    },
    upserts,
  );
}

interface PolicyRow {
  contract: string;
  kind: string;
  policy: BookPolicy;
  productKey: string | null;
  status: 'active' | 'claimed' | 'expired' | 'inactive';
  lt: string;
  utime: number;
}

/**
 * Policies whose book entry the batch created or changed, as rows. A book's policies are shared between state
 * versions, so each row holds the entry as the batch left it, with the position and status of the last event
 * that touched it.
 */
export function changedPolicies(
  changes: readonly StateChange[],
  expiredIds: ReadonlySet<string>,
): PolicyRow[] {
  const rows = new Map<string, PolicyRow>();
  for (const c of changes) {
    if (c.after.family !== 'policy-book') continue;
    for (const id of c.policyIds) {
      const policy = c.after.policies[id];
      if (!policy) continue;
      const key = `${c.address}:${id}`;
      const status = policy.claimed
        ? 'claimed'
        : policy.active
          ? 'active'
          : expiredIds.has(key) || (policy.expiry !== null && policy.expiry <= c.event.utime)
            ? 'expired'
            : 'inactive';
      const enrichment = enrichmentOf(c.event);
      rows.set(key, {
        contract: c.address,
        kind: c.after.kind,
        policy,
        productKey:
          enrichment?.product?.productKey ??
          enrichment?.v3Product?.productKey ??
          rows.get(key)?.productKey ??
          null,
        status,
        lt: c.event.lt,
        utime: c.event.utime,
      });
    }
  }
  return [...rows.values()];
}

export async function upsertPolicies(client: pg.ClientBase, rows: readonly PolicyRow[]): Promise<void> {
  const ts = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString());
  await unnestUpsert(
    client,
    {
      table: 'policies',
      columns: [
        { name: 'contract', type: 'text', value: (r: PolicyRow) => r.contract },
        { name: 'policy_id', type: 'numeric', value: (r) => r.policy.policyId },
        { name: 'kind', type: 'text', value: (r) => r.kind },
        { name: 'generation', type: 'text', value: (r) => generationOf(r.kind as never) },
        { name: 'holder', type: 'text', value: (r) => r.policy.user },
        { name: 'product_key', type: 'text', value: (r) => r.productKey },
        { name: 'coverage_type', type: 'smallint', value: (r) => r.policy.coverageType },
        { name: 'chain_id', type: 'smallint', value: (r) => r.policy.chainId },
        { name: 'stablecoin_id', type: 'smallint', value: (r) => r.policy.stablecoinId },
        { name: 'product_type', type: 'smallint', value: (r) => r.policy.productType },
        { name: 'asset_id', type: 'integer', value: (r) => r.policy.assetId },
        { name: 'coverage', type: 'numeric', value: (r) => r.policy.coverage },
        { name: 'premium', type: 'numeric', value: (r) => r.policy.premium },
        { name: 'start_time', type: 'timestamptz', value: (r) => ts(r.policy.startTime) },
        { name: 'expiry_time', type: 'timestamptz', value: (r) => ts(r.policy.expiry) },
        { name: 'status', type: 'text', value: (r) => r.status },
        { name: 'created_lt', type: 'numeric', value: (r) => r.lt },
        { name: 'updated_lt', type: 'numeric', value: (r) => r.lt },
        { name: 'updated_at', type: 'timestamptz', value: () => new Date().toISOString() },
      ],
      conflict: ['contract', 'policy_id'],
      keep: ['created_lt'],
    },
    rows,
  );
}

/** Closing exposure per product; premiums and payouts accumulate. */
export async function upsertProductExposure(
  client: pg.ClientBase,
  observations: readonly ExposureObservation[],
): Promise<void> {
  const byKey = new Map<string, ExposureObservation & { premiumSum: bigint; payoutSum: bigint }>();
  for (const o of observations) {
    const prev = byKey.get(o.productKey);
    byKey.set(o.productKey, {
      ...o,
      premiumSum: (prev?.premiumSum ?? 0n) + o.premiums,
      payoutSum: (prev?.payoutSum ?? 0n) + o.payouts,
    });
  }
  type Row = ExposureObservation & { premiumSum: bigint; payoutSum: bigint };
  await unnestUpsert(
    client,
    {
      table: 'product_exposure',
      columns: [
        { name: 'product_key', type: 'text', value: (r: Row) => r.productKey },
        { name: 'generation', type: 'text', value: (r) => r.generation },
        { name: 'coverage_type', type: 'smallint', value: (r) => r.coverageType },
        { name: 'chain_id', type: 'smallint', value: (r) => r.chainId },
        { name: 'stablecoin_id', type: 'smallint', value: (r) => r.stablecoinId },
        { name: 'product_type', type: 'smallint', value: (r) => r.productType },
        { name: 'asset_id', type: 'integer', value: (r) => r.assetId },
        { name: 'active_coverage', type: 'numeric', value: (r) => r.activeCoverage },
        { name: 'active_policies', type: 'integer', value: (r) => r.activePolicies },
        { name: 'total_premiums', type: 'numeric', value: (r) => r.premiumSum },
        { name: 'total_payouts', type: 'numeric', value: (r) => r.payoutSum },
        { name: 'last_lt', type: 'numeric', value: (r) => r.lt },
        { name: 'updated_at', type: 'timestamptz', value: () => new Date().toISOString() },
      ],
      conflict: ['product_key'],
      // Running totals accumulate; the active levels are the batch's closing values.
      updateExpressions: {
        total_premiums: 't.total_premiums + EXCLUDED.total_premiums',
        total_payouts: 't.total_payouts + EXCLUDED.total_payouts',
      },
    },
    [...byKey.values()],
  );
}

export async function upsertTrancheState(
  client: pg.ClientBase,
  observations: readonly TrancheObservation[],
): Promise<void> {
  const last = new Map<string, TrancheObservation>();
  for (const o of observations) last.set(`${o.vault}#${o.trancheId}`, o);
  await unnestUpsert(
    client,
    {
      table: 'tranche_state',
      columns: [
        { name: 'vault', type: 'text', value: (o: TrancheObservation) => o.vault },
        { name: 'tranche_id', type: 'smallint', value: (o) => o.trancheId },
        { name: 'tranche_name', type: 'text', value: (o) => o.trancheName },
        { name: 'generation', type: 'text', value: (o) => o.generation },
        { name: 'total_capital_nanoton', type: 'numeric', value: (o) => o.capital },
        { name: 'coverage_sold_nanoton', type: 'numeric', value: (o) => o.allocatedCoverage },
        { name: 'utilization_ratio', type: 'double precision', value: (o) => o.utilizationBps / 10_000 },
        {
          name: 'current_apy',
          type: 'double precision',
          value: (o) => (o.apyBps === null ? null : o.apyBps / 100),
        },
        { name: 'utilization_bps', type: 'integer', value: (o) => o.utilizationBps },
        { name: 'apy_bps', type: 'integer', value: (o) => o.apyBps },
        { name: 'accumulated_yield', type: 'numeric', value: (o) => o.accumulatedYield },
        { name: 'total_tokens', type: 'numeric', value: (o) => o.totalTokens },
        { name: 'nav', type: 'numeric', value: (o) => o.nav },
        { name: 'collateralization_bps', type: 'numeric', value: (o) => o.collateralizationBps },
        { name: 'available_capacity', type: 'numeric', value: (o) => o.availableCapacity },
        { name: 'last_lt', type: 'numeric', value: (o) => o.lt },
        { name: 'updated_at', type: 'timestamptz', value: () => new Date().toISOString() },
      ],
      conflict: ['vault', 'tranche_id'],
    },
    [...last.values()],
  );
}

const SEVERITY: Record<string, string> = { info: 'info', warning: 'warn', critical: 'critical' };

export async function upsertAlerts(client: pg.ClientBase, alerts: readonly Alert[]): Promise<void> {
  const last = new Map<string, Alert>();
  for (const a of alerts) last.set(a.alertId, a);
  const ts = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString());
  await unnestUpsert(
    client,
    {
      table: 'alerts',
      columns: [
        { name: 'alert_id', type: 'text', value: (a: Alert) => a.alertId },
        { name: 'alert_type', type: 'text', value: (a) => a.rule },
        { name: 'severity', type: 'text', value: (a) => SEVERITY[a.severity] ?? 'warn' },
        { name: 'subject', type: 'text', value: (a) => a.subject.id },
        { name: 'state', type: 'text', value: (a) => a.state },
        { name: 'value', type: 'text', value: (a) => a.value },
        { name: 'threshold', type: 'text', value: (a) => a.threshold },
        { name: 'message', type: 'text', value: (a) => a.message },
        { name: 'opened_at', type: 'timestamptz', value: (a) => ts(a.openedAt) },
        { name: 'resolved_at', type: 'timestamptz', value: (a) => ts(a.resolvedAt) },
        { name: 'last_lt', type: 'numeric', value: (a) => a.lt },
        { name: 'updated_at', type: 'timestamptz', value: () => new Date().toISOString() },
      ],
      conflict: ['alert_id'],
    },
    [...last.values()],
  );
}
