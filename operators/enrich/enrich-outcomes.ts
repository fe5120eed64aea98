import { map, type OperatorFunction } from 'rxjs';
import type { ReferenceData } from '../../schemas/reference/index.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import type { DecodeOutcome } from '../decode/decode-records.js';
import { enrichEvent } from './enrich-event.js';
import type { Enriched } from './types.js';

export type EnrichedOutcome =
  | (Extract<DecodeOutcome, { type: 'decoded' }> & { enriched: Enriched<CanonicalEvent>[] })
  | Exclude<DecodeOutcome, { type: 'decoded' }>;

/** Adds product/tranche dimensions to every event of decoded outcomes; other outcomes pass through. */
export function enrichOutcomes(ref: ReferenceData): OperatorFunction<DecodeOutcome, EnrichedOutcome> {
  return map((outcome) =>
    outcome.type === 'decoded'
      ? { ...outcome, enriched: outcome.events.map((e) => enrichEvent(ref, e)) }
      : outcome,
  );
}
