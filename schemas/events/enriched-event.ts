import type { Enriched } from '../../operators/enrich/types.js';
import type { CanonicalEvent, CanonicalEventJson } from './canonical-event.js';
import { eventToJson } from './event-json.js';

/** JSON of the enrichment block: bigints (expected premium) as decimal strings, like every amount. */
export function enrichmentToJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(enrichmentToJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, enrichmentToJson(v)]));
  }
  return value;
}

export type EnrichedEventJson = CanonicalEventJson & { enrichment: unknown };

/** The value of a `tonsurance.events.v1` record: the canonical event JSON plus its `enrichment`. */
export function enrichedEventToJson(event: Enriched<CanonicalEvent>): EnrichedEventJson {
  return { ...eventToJson(event), enrichment: enrichmentToJson(event.enrichment) };
}
