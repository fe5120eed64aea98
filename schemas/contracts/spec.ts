/**
 * What the registry knows about one contract kind: inbound ops with their layouts and the canonical events a
 * successful transaction yields, the out-messages it sends, its v2 logs, the v3 log ids that never reach the
 * chain, and its get-methods.
 *
 * Event mapping rule (one fact, one event): an inbound op handler builds the events of a successful
 * transaction from the decoded in-message, the decoded out-messages and the logs of that transaction. A log
 * whose facts the op handler already turned into an event is *consumed* (`ctx.takeLog`) and yields nothing
 * more; every log left unconsumed is turned into events by its own log handler. `stateOwner` is always the
 * transaction's account: a transaction only changes the state of the contract it runs on.
 */
import type { Slice } from '@ton/core';
import type { EventData, EventDraft, EventOrigin } from '../events/canonical-event.js';
import type { EventType } from '../events/definitions.js';
import type { LogCodec, MessageCodec, PayloadCodec } from './common/codec.js';
import { methodId } from './common/method-id.js';
import type { ContractKind, Generation } from './kinds.js';

export interface DecodedOutMessage {
  index: number;
  dest: string | null;
  value: bigint;
  op: number | null;
  name: string | null;
  hasStateInit: boolean;
  /** The body has no bits and no refs (plain TON transfer). */
  empty: boolean;
  /** Decoded body when the kind knows this op, else null. */
  body: unknown;
}

export interface DecodedLog {
  /** Index of the external-out message among the transaction's out-messages. */
  index: number;
  id: number;
  name: string | null;
  payload: unknown;
}

/** What an op handler may read about the transaction it runs in. */
export interface DecodeContext {
  readonly account: string;
  readonly kind: ContractKind;
  readonly utime: number;
  readonly sender: string | null;
  readonly value: bigint;
  readonly inOp: number | null;
  readonly outs: readonly DecodedOutMessage[];
  /** Out-messages of one codec name, in order. */
  outsNamed(name: string): DecodedOutMessage[];
  /** The first not yet consumed log with this id; marks it consumed. */
  takeLog(id: number): DecodedLog | undefined;
}

export interface InboundOpSpec {
  readonly op: number;
  readonly name: string;
  /** null: the op is declared in the source but has no handler. */
  readonly codec: MessageCodec<any> | null;
  /** Canonical events of a successful transaction carrying this op. */
  readonly events: (body: any, ctx: DecodeContext) => EventDraft[];
  /** Why a successful transaction with this op changes no modelled state (documented outcome), if it doesn't. */
  readonly noStateChange?: string;
}

export interface OutMessageSpec {
  /** null for a body without a 32-bit op. */
  readonly op: number | null;
  readonly name: string;
  readonly codec: MessageCodec<any> | PayloadCodec<any>;
  /** Who receives it (documentation). */
  readonly to: string;
}

export interface LogSpec {
  readonly id: number;
  readonly name: string;
  readonly codec: LogCodec<any>;
  /** Events of this log when no op handler consumed it. */
  readonly events: (payload: any, ctx: DecodeContext) => EventDraft[];
}

/** A v3 `emit_log_event` type: documented, never on chain (spec §2.2), so no codec. */
export interface UnemittedLogSpec {
  readonly id: number;
  readonly name: string;
  readonly payload: string;
}

export interface GetMethodSpec {
  readonly name: string;
  readonly id: number;
  readonly args: readonly string[];
  readonly returns: string;
}

export interface ContractSpec {
  readonly kind: ContractKind;
  readonly generation: Generation;
  readonly title: string;
  /** FunC source in the Tonsurance repository. */
  readonly source: string;
  readonly ops: ReadonlyMap<number, InboundOpSpec>;
  readonly outMessages: readonly OutMessageSpec[];
  readonly logs: ReadonlyMap<number, LogSpec>;
  readonly unemittedLogs: readonly UnemittedLogSpec[];
  readonly getMethods: readonly GetMethodSpec[];
  /** Events of a successful transaction whose in-message has an empty body (most contracts: none). */
  readonly emptyBody: (ctx: DecodeContext) => EventDraft[];
  /** What the contract does with an op it does not know: throw (0xFFFF etc.) or accept silently. */
  readonly unknownOp: 'throws' | 'accepts';
  /** What the contract's bounce handler does (documentation; its facts show up as logs/out-messages). */
  readonly bounceHandling: string;
}

// ---------------------------------------------------------------------------------------------------------
// Builders used by the per-contract spec files.

export function draft<T extends EventType>(
  type: T,
  data: EventData<T>,
  origin: EventOrigin = 'in-message',
  extra: { op?: number | null; logId?: number | null } = {},
): EventDraft {
  return { type, data, origin, ...extra } as EventDraft;
}

export function op<T>(
  codec: MessageCodec<T>,
  events: (body: T, ctx: DecodeContext) => EventDraft[],
): InboundOpSpec {
  return { op: codec.op, name: codec.name, codec, events };
}

/** An op that the contract handles without changing state the pipeline models. */
export function noEffectOp<T>(codec: MessageCodec<T>, reason: string): InboundOpSpec {
  return { op: codec.op, name: codec.name, codec, events: () => [], noStateChange: reason };
}

/** An op number the source declares without handling it. */
export function unhandledOp(opNumber: number, name: string, reason: string): InboundOpSpec {
  return { op: opNumber, name, codec: null, events: () => [], noStateChange: reason };
}

export function pauseOp<T>(codec: MessageCodec<T>, logId?: number): InboundOpSpec {
  return op(codec, (_b, ctx) => {
    const log = logId === undefined ? undefined : ctx.takeLog(logId);
    return [draft('ContractPaused', { by: ctx.sender }, 'in-message', { logId: log?.id ?? null })];
  });
}

export function unpauseOp<T>(codec: MessageCodec<T>, logId?: number): InboundOpSpec {
  return op(codec, (_b, ctx) => {
    const log = logId === undefined ? undefined : ctx.takeLog(logId);
    return [draft('ContractUnpaused', { by: ctx.sender }, 'in-message', { logId: log?.id ?? null })];
  });
}

/** A setter: `key` changes to the value picked from the body (addresses, numbers, code cells). */
export function configOp<T>(
  codec: MessageCodec<T>,
  key: string,
  pick: (body: T) => { value: string | number | bigint | boolean | null; index?: number | null },
): InboundOpSpec {
  return op(codec, (body, ctx) => {
    const { value, index } = pick(body);
    return [
      draft('ConfigChanged', {
        key,
        value: value === null ? null : String(value),
        index: index ?? null,
        by: ctx.sender,
      }),
    ];
  });
}

export function opMap(...specs: InboundOpSpec[]): ReadonlyMap<number, InboundOpSpec> {
  const map = new Map<number, InboundOpSpec>();
  for (const s of specs) {
    if (map.has(s.op)) throw new Error(`duplicate op 0x${s.op.toString(16)} (${s.name})`);
    map.set(s.op, s);
  }
  return map;
}

export function outMessage(codec: MessageCodec<any> | PayloadCodec<any>, to: string): OutMessageSpec {
  return { op: 'op' in codec ? codec.op : null, name: codec.name, codec, to };
}

export function logSpec<T>(
  codec: LogCodec<T>,
  events: (payload: T, ctx: DecodeContext) => EventDraft[] = () => [],
): LogSpec {
  return { id: codec.id, name: codec.name, codec, events };
}

export function logMap(...specs: LogSpec[]): ReadonlyMap<number, LogSpec> {
  return new Map(specs.map((s) => [s.id, s]));
}

export function getMethod(name: string, args: string[] = [], returns = 'int'): GetMethodSpec {
  return { name, id: methodId(name), args, returns };
}

export function unemitted(id: number, name: string, payload = '{1 u32, ts u32}'): UnemittedLogSpec {
  return { id, name, payload };
}

type Decodes<T> = { readonly name: string; load(slice: Slice): T };

export interface TypedOut<T> {
  body: T;
  dest: string | null;
  value: bigint;
  hasStateInit: boolean;
}

/** Decoded out-messages of one codec, in order. */
export function outsOf<T>(ctx: DecodeContext, codec: Decodes<T>): TypedOut<T>[] {
  return ctx
    .outsNamed(codec.name)
    .map((o) => ({ body: o.body as T, dest: o.dest, value: o.value, hasStateInit: o.hasStateInit }));
}

/** The first decoded out-message of one codec. */
export function firstOut<T>(ctx: DecodeContext, codec: Decodes<T>): TypedOut<T> | undefined {
  return outsOf(ctx, codec)[0];
}

/** Consumes the first log of this codec's id (the op handler folds it into its own event). */
export function takeLog<T>(ctx: DecodeContext, codec: LogCodec<T>): T | undefined {
  return ctx.takeLog(codec.id)?.payload as T | undefined;
}

/** Plain transfers (empty body) sent by this transaction. */
export function plainTransfers(ctx: DecodeContext): DecodedOutMessage[] {
  return ctx.outs.filter((o) => o.empty);
}
