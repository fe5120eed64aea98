import { map } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { ReferenceData } from '../../schemas/reference/index.js';
import { enrichEvent } from './enrich-event.js';
import type { EnrichableEvent, Enriched } from './types.js';

export { enrichEvent } from './enrich-event.js';
export type { EnrichableEvent, Enriched, Enrichment } from './types.js';

/**
 * Stage operator: attach reference facts (product, v3 product, tranche) to every event, one out per one in, in
 * order. Pure: no I/O, no state; unknown ids are marked, never dropped or thrown on.
 */
export function enrichEvents<E extends EnrichableEvent>(
  ref: ReferenceData,
): OperatorFunction<E, Enriched<E>> {
  return map((event: E) => enrichEvent(ref, event));
}
