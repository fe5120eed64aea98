/** TypeScript shape of a canonical event (bigint form) and of its JSON form on `tonsurance.events.v1`. */
import type { ContractKind } from '../contracts/kinds.js';
import type { EventDefinitions, EventType, FieldKind, FieldSpec } from './definitions.js';

export const EVENT_SCHEMA_VERSION = 1 as const;
export const EVENT_TOPIC = 'tonsurance.events.v1';

/** Where in the transaction the fact was read. */
export type EventOrigin = 'in-message' | 'log' | 'out-message' | 'transaction';
export const EVENT_ORIGINS: readonly EventOrigin[] = ['in-message', 'log', 'out-message', 'transaction'];

type TsOfKind<K> = K extends 'amount' | 'uint64'
  ? bigint
  : K extends 'int'
    ? number
    : K extends 'bool'
      ? boolean
      : K extends 'amount[]'
        ? bigint[]
        : string;
type JsonOfKind<K> = K extends 'amount' | 'uint64' | 'address' | 'string' | 'boc'
  ? string
  : K extends 'int'
    ? number
    : K extends 'bool'
      ? boolean
      : K extends 'amount[]'
        ? string[]
        : never;

type TsOfSpec<S extends FieldSpec> = S extends `${infer K extends FieldKind}?`
  ? TsOfKind<K> | null
  : TsOfKind<S>;
type JsonOfSpec<S extends FieldSpec> = S extends `${infer K extends FieldKind}?`
  ? JsonOfKind<K> | null
  : JsonOfKind<S>;

export type EventData<T extends EventType> = {
  -readonly [F in keyof EventDefinitions[T]['fields']]: EventDefinitions[T]['fields'][F] extends FieldSpec
    ? TsOfSpec<EventDefinitions[T]['fields'][F]>
    : never;
};
export type EventDataJson<T extends EventType> = {
  -readonly [F in keyof EventDefinitions[T]['fields']]: EventDefinitions[T]['fields'][F] extends FieldSpec
    ? JsonOfSpec<EventDefinitions[T]['fields'][F]>
    : never;
};

interface Envelope {
  /** `account:lt:hash:index`, deterministic. */
  eventId: string;
  schemaVersion: typeof EVENT_SCHEMA_VERSION;
  /** Transaction account, raw `wc:hex`. */
  account: string;
  /** Contract whose state the event changes (the Kafka key), raw `wc:hex`. */
  stateOwner: string;
  kind: ContractKind;
  lt: string;
  hash: string;
  utime: number;
  /** Position of the event among the transaction's events. */
  index: number;
  origin: EventOrigin;
  /** In-message op (or out-message op for out-message events); null when the body has no op. */
  op: number | null;
  /** v2 log id (external-out destination) for log events. */
  logId: number | null;
}

export type CanonicalEventOf<T extends EventType> = Envelope & { type: T; data: EventData<T> };
export type CanonicalEvent = { [T in EventType]: CanonicalEventOf<T> }[EventType];

export type CanonicalEventJsonOf<T extends EventType> = Envelope & { type: T; data: EventDataJson<T> };
export type CanonicalEventJson = { [T in EventType]: CanonicalEventJsonOf<T> }[EventType];

/** An event as a contract handler produces it; the decoder adds the envelope. */
export type EventDraft = {
  [T in EventType]: {
    type: T;
    data: EventData<T>;
    origin: EventOrigin;
    op?: number | null;
    logId?: number | null;
    stateOwner?: string;
  };
}[EventType];

export function eventId(account: string, lt: string, hash: string, index: number): string {
  return `${account}:${lt}:${hash}:${index}`;
}
