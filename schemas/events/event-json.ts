/**
 * JSON form of canonical events (bigints as decimal strings) with a zod schema generated from the event
 * catalogue; `eventFromJson` validates, so a record that does not match the v1 schema is rejected with a
 * `SchemaValidationError` rather than half-parsed.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { z } from 'zod';
import { SchemaValidationError } from '../../pipelines/runtime/errors.js';
import { CONTRACT_KINDS } from '../contracts/kinds.js';
import {
  EVENT_DEFINITIONS,
  EVENT_TYPES,
  type EventType,
  type FieldKind,
  type FieldSpec,
} from './definitions.js';
import {
  EVENT_ORIGINS,
  EVENT_SCHEMA_VERSION,
  type CanonicalEvent,
  type CanonicalEventJson,
} from './canonical-event.js';

const RAW_ADDRESS = /^-?\d+:[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9]\d*)$/;

function parseSpec(spec: FieldSpec): { kind: FieldKind; nullable: boolean } {
  return spec.endsWith('?')
    ? { kind: spec.slice(0, -1) as FieldKind, nullable: true }
    : { kind: spec as FieldKind, nullable: false };
}

function jsonFieldSchema(spec: FieldSpec): z.ZodType {
  const { kind, nullable } = parseSpec(spec);
  let schema: z.ZodType;
  switch (kind) {
    case 'amount':
    case 'uint64':
      schema = z.string().regex(DECIMAL);
      break;
    case 'int':
      schema = z.number().int();
      break;
    case 'address':
      schema = z.string().regex(RAW_ADDRESS);
      break;
    case 'bool':
      schema = z.boolean();
      break;
    case 'string':
      schema = z.string();
      break;
    case 'boc':
      schema = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
      break;
    case 'amount[]':
      schema = z.array(z.string().regex(DECIMAL));
      break;
  }
  return nullable ? schema.nullable() : schema;
}

const dimensionBlock = z.record(z.string(), z.unknown()).nullable();

/**
 * Product and tranche dimensions added by the decode stage (operators/enrich); amounts in it are decimal strings.
 * Optional so the bare canonical event stays valid.
 */
export const enrichmentJsonSchema = z
  .object({
    referenceVersion: z.number().int().describe('version of schemas/reference used'),
    product: dimensionBlock.describe(
      'v2 coverage type × chain × stablecoin: names, productKey, validity, expected premium',
    ),
    v3Product: dimensionBlock.describe('v3 product type and asset names'),
    tranche: dimensionBlock.describe('tranche id, name and parameters'),
  })
  .strict();

function eventJsonSchema(type: EventType): z.ZodObject {
  const def = EVENT_DEFINITIONS[type];
  const data: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(def.fields)) data[name] = jsonFieldSchema(spec as FieldSpec);
  return z
    .object({
      eventId: z.string(),
      schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
      type: z.literal(type),
      account: z.string().regex(RAW_ADDRESS),
      stateOwner: z.string().regex(RAW_ADDRESS),
      kind: z.enum(CONTRACT_KINDS),
      lt: z.string().regex(DECIMAL),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      utime: z.number().int().nonnegative(),
      index: z.number().int().nonnegative(),
      origin: z.enum(EVENT_ORIGINS as [string, ...string[]]),
      op: z.number().int().nullable(),
      logId: z.number().int().nullable(),
      data: z.object(data).strict().describe(def.description),
      enrichment: enrichmentJsonSchema.optional(),
    })
    .strict();
}

/** zod schema of one JSON event (discriminated by `type`). */
export const canonicalEventJsonSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map(eventJsonSchema) as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]],
);

/** The JSON Schema document for `tonsurance.events.v1` (written to tonsurance-event.v1.schema.json). */
export function canonicalEventJsonSchemaDocument(): Record<string, unknown> {
  const generated = z.toJSONSchema(canonicalEventJsonSchema, { target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    $id: 'https://tonstream.local/schemas/tonsurance-event.v1.schema.json',
    title: 'Tonsurance canonical event v1 (topic tonsurance.events.v1)',
    description:
      'Amounts and 64-bit ids are decimal strings; addresses are raw wc:hex; eventId = account:lt:hash:index.',
    ...generated,
  };
}

function convertData(
  type: EventType,
  data: Record<string, unknown>,
  toJson: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(EVENT_DEFINITIONS[type].fields)) {
    const { kind } = parseSpec(spec as FieldSpec);
    const v = data[name];
    if (v === null || v === undefined) {
      out[name] = v ?? null;
    } else if (kind === 'amount' || kind === 'uint64') {
      out[name] = toJson ? (v as bigint).toString() : BigInt(v as string);
    } else if (kind === 'amount[]') {
      out[name] = (v as unknown[]).map((x) => (toJson ? (x as bigint).toString() : BigInt(x as string)));
    } else {
      out[name] = v;
    }
  }
  return out;
}

export function eventToJson(event: CanonicalEvent): CanonicalEventJson {
  return {
    ...event,
    data: convertData(event.type, event.data as Record<string, unknown>, true),
  } as CanonicalEventJson;
}

/**
 * One compiled validator per event type, from the same zod schema's JSON Schema: on the state stage's hot path
 * it checks an event several times faster than zod's interpreter. zod still words the error of a rejected
 * event, and decides alone if the two ever disagree about rejecting one.
 */
const ajv = new Ajv2020({ allErrors: false, strict: false });
const compiled = new Map<string, ValidateFunction>();

function compiledValidator(type: unknown): ValidateFunction | undefined {
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_DEFINITIONS, type)) return undefined;
  let validate = compiled.get(type);
  if (validate === undefined) {
    validate = ajv.compile(z.toJSONSchema(eventJsonSchema(type as EventType), { target: 'draft-2020-12' }));
    compiled.set(type, validate);
  }
  return validate;
}

function fromValidJson(json: CanonicalEventJson): CanonicalEvent {
  return {
    ...json,
    data: convertData(json.type, json.data as Record<string, unknown>, false),
  } as CanonicalEvent;
}

/** Whether a JSON value is a v1 event, by the compiled validators (the test holds them to zod's verdict). */
export function isEventJson(value: unknown): boolean {
  const type = value !== null && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  return compiledValidator(type)?.(value) === true;
}

/** Validates a JSON value against the v1 schema and converts it back to the bigint form. */
export function eventFromJson(value: unknown): CanonicalEvent {
  if (isEventJson(value)) return fromValidJson(value as CanonicalEventJson);
  const parsed = canonicalEventJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SchemaValidationError(
      `not a tonsurance.events.v1 event: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    );
  }
  return fromValidJson(parsed.data as unknown as CanonicalEventJson);
}

/** One JSON line (bigints as strings). */
export function eventToJsonLine(event: CanonicalEvent): string {
  return JSON.stringify(eventToJson(event));
}
