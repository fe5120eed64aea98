import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../../pipelines/runtime/errors.js';
import type { CanonicalEvent } from './canonical-event.js';
import { EVENT_DEFINITIONS, EVENT_TYPES } from './definitions.js';
import { canonicalEventJsonSchema, eventFromJson, eventToJson, isEventJson } from './event-json.js';
import { SCHEMA_FILE, renderSchemaFile } from './write-schema.js';

const ACCOUNT = '0:' + 'ab'.repeat(32);
const HASH = 'cd'.repeat(32);

const event: CanonicalEvent = {
  eventId: `${ACCOUNT}:77:${HASH}:0`,
  schemaVersion: 1,
  type: 'YieldAccrued',
  account: ACCOUNT,
  stateOwner: ACCOUNT,
  kind: 'vault-v3',
  lt: '77',
  hash: HASH,
  utime: 1_700_000_000,
  index: 0,
  origin: 'in-message',
  op: 6,
  logId: null,
  data: { total: 2n ** 100n + 1n, trancheId: null, perTranche: [1n, 2n, 3n, 4n, 5n, 2n ** 100n - 14n] },
};

describe('canonical event JSON', () => {
  it('round-trips exact bigints as decimal strings', () => {
    const json = eventToJson(event);
    expect(json.data).toMatchObject({
      total: '1267650600228229401496703205377',
      perTranche: ['1', '2', '3', '4', '5', '1267650600228229401496703205362'],
    });
    expect(eventFromJson(JSON.parse(JSON.stringify(json)))).toEqual(event);
  });

  it('rejects records that do not match the v1 schema', () => {
    const json = JSON.parse(JSON.stringify(eventToJson(event)));
    expect(() => eventFromJson({ ...json, data: { ...json.data, total: 12 } })).toThrow(
      SchemaValidationError,
    );
    expect(() => eventFromJson({ ...json, data: { ...json.data, extra: 1 } })).toThrow(SchemaValidationError);
    expect(() => eventFromJson({ ...json, type: 'NoSuchEvent' })).toThrow(SchemaValidationError);
    expect(() => eventFromJson({ ...json, kind: 'vault-v9' })).toThrow(SchemaValidationError);
    expect(() => eventFromJson({ ...json, account: 'EQabc' })).toThrow(SchemaValidationError);
  });

  it('covers the required canonical types', () => {
    for (const t of [
      'PolicyCreated',
      'PolicyClaimed',
      'PayoutExecuted',
      'PolicyExpired',
      'DepositMade',
      'WithdrawalMade',
      'PremiumsDistributed',
      'LossAbsorbed',
      'YieldAccrued',
      'DepositRolledBack',
      'WithdrawalRolledBack',
      'ContractPaused',
      'ContractUnpaused',
      'ConfigChanged',
      'TransactionFailed',
      'Unknown',
    ]) {
      expect(EVENT_TYPES).toContain(t);
    }
    expect(EVENT_DEFINITIONS.TransactionFailed.fields.exitCode).toBe('int?');
  });

  it('keeps tonsurance-event.v1.schema.json in sync with the catalogue (regenerate: npx tsx schemas/events/write-schema.ts)', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(JSON.parse(renderSchemaFile()));
  });
});

describe('enriched events on the topic', () => {
  it('validate against the v1 schema with their enrichment block, and the file schema accepts it too', async () => {
    const { enrichEvent } = await import('../../operators/enrich/enrich-event.js');
    const { defaultReferenceData } = await import('../reference/index.js');
    const { enrichedEventToJson } = await import('./enriched-event.js');
    const withTranche = { ...event, data: { ...event.data, trancheId: 3 } } as CanonicalEvent;
    const json = JSON.parse(
      JSON.stringify(enrichedEventToJson(enrichEvent(defaultReferenceData(), withTranche))),
    );
    const back = eventFromJson(json) as CanonicalEvent & { enrichment: { tranche: { name: string } } };
    expect(back.enrichment.tranche.name).toBeTruthy();
    expect(() => eventFromJson({ ...json, enrichment: { bogus: 1 } })).toThrow(SchemaValidationError);
  });

  it('compiled validators accept and reject exactly what the zod schema does, for every event type', () => {
    const sample: Record<string, unknown> = {
      amount: '123',
      uint64: '18446744073709551615',
      int: -7,
      address: ACCOUNT,
      bool: true,
      string: 'x',
      boc: 'te6cckEBAQEAAgAAAEysuc0=',
      'amount[]': ['1', '2'],
    };
    const wrong: Record<string, unknown[]> = {
      amount: [12, '-1', '01', '1.5', ''],
      uint64: [1, 'x'],
      int: [1.5, '1', 2 ** 60],
      address: ['EQabc', '0:' + 'AB'.repeat(32)],
      bool: [1, 'true'],
      string: [1, {}],
      boc: ['not base64!', 7],
      'amount[]': ['1', [1], ['a']],
    };
    let checked = 0;
    for (const type of EVENT_TYPES) {
      const data: Record<string, unknown> = {};
      const fields = Object.entries(EVENT_DEFINITIONS[type].fields) as [string, string][];
      for (const [name, spec] of fields) data[name] = sample[spec.replace('?', '')];
      const valid = { ...eventToJson({ ...event, type, data: {} } as unknown as CanonicalEvent), data };
      const variants: unknown[] = [
        valid,
        { ...valid, index: -1 },
        { ...valid, utime: 1.5 },
        { ...valid, hash: HASH.toUpperCase() },
        { ...valid, extra: 1 },
        { ...valid, data: { ...data, extra: 1 } },
        { ...valid, enrichment: { referenceVersion: 1, product: null, v3Product: null, tranche: null } },
        { ...valid, enrichment: { referenceVersion: 1, product: null, v3Product: null } },
      ];
      for (const [name, spec] of fields) {
        const kind = spec.replace('?', '');
        const { [name]: _dropped, ...missing } = data;
        variants.push({ ...valid, data: missing }, { ...valid, data: { ...data, [name]: null } });
        for (const bad of wrong[kind]!) variants.push({ ...valid, data: { ...data, [name]: bad } });
      }
      for (const v of variants) {
        expect(isEventJson(v), `${type}: ${JSON.stringify(v)}`).toBe(
          canonicalEventJsonSchema.safeParse(v).success,
        );
        checked++;
      }
      expect(isEventJson(valid)).toBe(true);
    }
    expect(checked).toBeGreaterThan(EVENT_TYPES.length * 8);
  });
});
