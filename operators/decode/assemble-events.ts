/**
 * What both transaction decoders do once a transaction is parsed: decode the out-message bodies and logs with
 * the contract spec, classify the outcome (failure phase, bounce, unknown op, empty body, ...), run the op and
 * log handlers and turn their drafts into canonical events. The reference decoder (`decode-transaction.ts`,
 * @ton/core cells) and the fast one (`fast/decode-transaction-fast.ts`, zero-copy views of the BOC) differ
 * only in how they parse; they hand this module their facts and their message bodies, with a `BodyReader`
 * saying how to slice and serialise a body of their kind. See `decode-transaction.ts` for the rules.
 */
import type { Slice } from '@ton/core';
import { DecodeError } from '../../pipelines/runtime/errors.js';
import { LayoutError } from '../../schemas/contracts/common/codec.js';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type {
  ContractSpec,
  DecodeContext,
  DecodedLog,
  DecodedOutMessage,
  OutMessageSpec,
} from '../../schemas/contracts/spec.js';
import { draft } from '../../schemas/contracts/spec.js';
import {
  EVENT_SCHEMA_VERSION,
  eventId,
  type CanonicalEvent,
  type EventDraft,
} from '../../schemas/events/canonical-event.js';
import { AUDIT_ONLY_EVENT_TYPES } from '../../schemas/events/definitions.js';
import type {
  ActionFacts,
  ComputeFacts,
  InMessageFacts,
  Outcome,
  OutMessageFacts,
  TransactionFacts,
} from './transaction-facts.js';

/** The record a failure is reported against. */
export interface Where {
  account: string;
  lt: string;
}

export function fail(
  where: Where,
  reason: string,
  extra: { op?: number | null; field?: string; message?: string } = {},
  cause?: unknown,
): never {
  throw new DecodeError(reason, { account: where.account, lt: where.lt, ...extra }, cause);
}

function layoutFailure(where: Where, err: unknown, op: number | null, message: string): never {
  if (err instanceof DecodeError) throw err;
  const field = err instanceof LayoutError ? err.field || '(body)' : '(body)';
  const reason = err instanceof Error ? err.message : String(err);
  fail(where, `body does not match its layout: ${reason}`, { op, field, message }, err);
}

/** Out-message specs by op, first declaration winning (as `outMessages.find` picks). */
const outSpecsByOp = new WeakMap<ContractSpec, Map<number | null, OutMessageSpec>>();

export function outSpecOf(spec: ContractSpec, op: number | null): OutMessageSpec | undefined {
  let byOp = outSpecsByOp.get(spec);
  if (!byOp) {
    byOp = new Map();
    for (const o of spec.outMessages) if (!byOp.has(o.op)) byOp.set(o.op, o);
    outSpecsByOp.set(spec, byOp);
  }
  return byOp.get(op);
}

/** How a decoder's message bodies (a @ton/core `Cell`, a fast-path view) are read. */
export interface BodyReader<B> {
  /** A slice over the body, for the contract codecs (may throw as `Cell.beginParse` does). */
  slice(body: B): Slice;
  /** The body as a base64 BOC without index. */
  boc(body: B): string;
  /** The first cell the body references (a log's payload), or null when it references none. */
  firstRef(body: B): B | null;
}

/** A parsed transaction, as far as the assembly needs it. */
export interface ParsedTransaction<B> {
  where: Where;
  account: string;
  kind: ContractKind;
  spec: ContractSpec;
  lt: string;
  hash: string;
  utime: number;
  /** null when the description has no compute phase. */
  compute: ComputeFacts | null;
  action: ActionFacts | null;
  aborted: boolean;
  inMessage: InMessageFacts | null;
  inBody: B | null;
  outMessages: readonly OutMessageFacts[];
  /** Body of each out-message, index for index with `outMessages`. */
  outBodies: readonly B[];
}

export interface AssembledTransaction {
  success: boolean;
  failure: TransactionFacts['failure'];
  outcome: Outcome;
  outcomeReason: string | null;
  events: CanonicalEvent[];
}

function decodeOuts<B>(tx: ParsedTransaction<B>, reader: BodyReader<B>) {
  const { where, spec } = tx;
  const outs: DecodedOutMessage[] = [];
  const logs: DecodedLog[] = [];
  for (let i = 0; i < tx.outMessages.length; i++) {
    const f = tx.outMessages[i]!;
    const body = tx.outBodies[i];
    if (body === undefined) continue;
    if (f.type === 'external-out') {
      if (f.logId === null) continue;
      const logSpec = spec.logs.get(f.logId);
      if (!logSpec) {
        logs.push({ index: f.index, id: f.logId, name: null, payload: null });
        continue;
      }
      const payloadCell = reader.firstRef(body);
      if (payloadCell === null)
        fail(where, 'log body has no payload ref', {
          op: f.logId,
          field: 'payload',
          message: `log[${f.index}]`,
        });
      let payload: unknown;
      try {
        payload = logSpec.codec.load(reader.slice(payloadCell));
      } catch (err) {
        layoutFailure(where, err, f.logId, `log[${f.index}] ${logSpec.name}`);
      }
      logs.push({ index: f.index, id: f.logId, name: logSpec.name, payload });
      continue;
    }
    const empty = f.bodyBits === 0 && f.bodyRefs === 0;
    const outSpec = empty ? undefined : outSpecOf(spec, f.op);
    let decoded: unknown = null;
    if (outSpec) {
      try {
        decoded = outSpec.codec.load(reader.slice(body));
      } catch (err) {
        layoutFailure(where, err, f.op, `out[${f.index}] ${outSpec.name}`);
      }
    }
    outs.push({
      index: f.index,
      dest: f.dest,
      value: f.value,
      op: f.op,
      name: outSpec?.name ?? null,
      hasStateInit: f.hasStateInit,
      empty,
      body: decoded,
    });
  }
  return { outs, logs };
}

/** What the op and log handlers see; `consumed` holds the indexes of the logs they took. */
class Context implements DecodeContext {
  readonly sender: string | null;
  readonly value: bigint;
  readonly inOp: number | null;
  readonly consumed = new Set<number>();

  constructor(
    readonly account: string,
    readonly kind: ContractKind,
    readonly utime: number,
    inMsg: InMessageFacts | null,
    readonly outs: DecodedOutMessage[],
    private readonly logs: DecodedLog[],
  ) {
    this.sender = inMsg?.src ?? null;
    this.value = inMsg?.value ?? 0n;
    this.inOp = inMsg?.op ?? null;
  }

  outsNamed(name: string): DecodedOutMessage[] {
    return this.outs.filter((o) => o.name === name);
  }

  takeLog(id: number): DecodedLog | undefined {
    const found = this.logs.find((l) => l.id === id && l.name !== null && !this.consumed.has(l.index));
    if (found) this.consumed.add(found.index);
    return found;
  }
}

function failedDraft<B>(
  phase: string,
  opts: { exitCode: number | null; actionResultCode: number | null; skipReason: string | null },
  inMsg: InMessageFacts | null,
  body: B | null,
  reader: BodyReader<B>,
): EventDraft {
  return draft(
    'TransactionFailed',
    {
      phase,
      exitCode: opts.exitCode,
      actionResultCode: opts.actionResultCode,
      skipReason: opts.skipReason,
      bounced: inMsg?.bounced ?? false,
      attemptedOp: inMsg ? (inMsg.bounced ? inMsg.bouncedOp : inMsg.op) : null,
      attemptedOpName: inMsg?.opName ?? null,
      sender: inMsg?.src ?? null,
      value: inMsg?.value ?? 0n,
      body: body ? reader.boc(body) : null,
    },
    'transaction',
  );
}

/** Runs a handler, reporting its failures (a layout it reads lazily, ...) as the in-message's. */
function handlerEvents(where: Where, op: number | null, run: () => EventDraft[]): EventDraft[] {
  try {
    return run();
  } catch (err) {
    layoutFailure(where, err, op, 'in');
  }
}

/** Failure, outcome and canonical events of a parsed transaction. Throws only `DecodeError`. */
export function assembleEvents<B>(tx: ParsedTransaction<B>, reader: BodyReader<B>): AssembledTransaction {
  const { where, spec, kind, compute, action } = tx;
  const inMsg = tx.inMessage;
  const body = tx.inBody;

  let failure: TransactionFacts['failure'] = null;
  const exitCode = compute?.type === 'vm' ? compute.exitCode : null;
  const actionResultCode = action?.resultCode ?? null;
  if (!compute) {
    failure = { phase: 'compute-skipped', exitCode: null, actionResultCode, skipReason: 'no compute phase' };
  } else if (compute.type === 'skipped') {
    failure = { phase: 'compute-skipped', exitCode: null, actionResultCode, skipReason: compute.reason };
  } else if (!compute.success) {
    failure = { phase: 'compute', exitCode, actionResultCode, skipReason: null };
  } else if (action && !action.success) {
    failure = { phase: 'action', exitCode, actionResultCode, skipReason: null };
  } else if (tx.aborted) {
    failure = { phase: 'aborted', exitCode, actionResultCode, skipReason: null };
  }
  const success = failure === null;
  if (success && inMsg?.bounced)
    failure = { phase: 'bounced-in-message', exitCode, actionResultCode, skipReason: null };

  const drafts: EventDraft[] = [];
  let outcome: Outcome;
  let outcomeReason: string | null = null;

  if (!success) {
    drafts.push(failedDraft(failure!.phase, failure!, inMsg, body, reader));
    outcome = 'failed';
    outcomeReason = `${failure!.phase}${exitCode !== null ? ` exit ${exitCode}` : ''}${
      failure!.phase === 'action' ? ` result ${actionResultCode}` : ''
    }`;
  } else {
    const { outs, logs } = decodeOuts(tx, reader);
    const ctx = new Context(tx.account, kind, tx.utime, inMsg, outs, logs);
    if (inMsg?.bounced) {
      drafts.push(failedDraft('bounced-in-message', failure!, inMsg, body, reader));
      outcome = 'failed';
      outcomeReason = 'bounced in-message';
    } else if (!inMsg || !body) {
      outcome = 'no-state-change';
      outcomeReason = 'no in-message';
    } else if (inMsg.type === 'external-in') {
      drafts.push(draft('Unknown', { op: inMsg.op, sender: null, value: 0n, body: reader.boc(body) }));
      outcome = 'unknown-op';
      outcomeReason = 'external-in message to a protocol contract';
    } else if (inMsg.bodyKind === 'empty') {
      drafts.push(...handlerEvents(where, null, () => spec.emptyBody(ctx)));
      outcome = drafts.length ? 'state-change' : 'no-state-change';
      outcomeReason = drafts.length ? null : 'empty body: plain TON transfer accepted';
    } else if (inMsg.bodyKind === 'short') {
      outcome = 'no-state-change';
      outcomeReason = 'body shorter than 32 bits';
    } else if (inMsg.bodyKind === 'text-comment') {
      outcome = 'no-state-change';
      outcomeReason = 'op 0: text comment / plain transfer';
    } else {
      const op = inMsg.op!;
      const opSpec = spec.ops.get(op);
      if (!opSpec) {
        drafts.push(draft('Unknown', { op, sender: inMsg.src, value: inMsg.value, body: reader.boc(body) }));
        outcome = 'unknown-op';
        outcomeReason = `op 0x${op.toString(16)} is not defined for ${kind}`;
      } else if (!opSpec.codec) {
        outcome = 'no-state-change';
        outcomeReason = opSpec.noStateChange ?? 'declared op without handler';
      } else {
        let decoded: unknown;
        try {
          decoded = opSpec.codec.load(reader.slice(body));
        } catch (err) {
          layoutFailure(where, err, op, `in ${opSpec.name}`);
        }
        drafts.push(...handlerEvents(where, op, () => opSpec.events(decoded, ctx)));
        outcome = drafts.length ? 'state-change' : 'no-state-change';
        outcomeReason = drafts.length ? null : (opSpec.noStateChange ?? 'op without modelled state change');
      }
    }
    // Logs no op handler folded into its own event.
    for (const l of logs) {
      if (ctx.consumed.has(l.index) || l.name === null) continue;
      const logSpec = spec.logs.get(l.id);
      if (logSpec) drafts.push(...handlerEvents(where, l.id, () => logSpec.events(l.payload, ctx)));
    }
    if (drafts.some((d) => !AUDIT_ONLY_EVENT_TYPES.has(d.type))) {
      outcome = 'state-change';
      outcomeReason = inMsg?.bounced ? 'bounce handler' : outcomeReason;
    }
  }

  const { account, lt, hash, utime } = tx;
  const events: CanonicalEvent[] = [];
  for (let index = 0; index < drafts.length; index++) {
    const d = drafts[index]!;
    const defaultOp =
      d.origin === 'transaction' || d.origin === 'in-message' || d.origin === 'log'
        ? (inMsg?.op ?? null)
        : null;
    events.push({
      eventId: eventId(account, lt, hash, index),
      schemaVersion: EVENT_SCHEMA_VERSION,
      type: d.type,
      account,
      stateOwner: d.stateOwner ?? account,
      kind,
      lt,
      hash,
      utime,
      index,
      origin: d.origin,
      op: d.op !== undefined ? d.op : defaultOp,
      logId: d.logId ?? null,
      data: d.data,
    } as CanonicalEvent);
  }
  return { success, failure, outcome, outcomeReason, events };
}
