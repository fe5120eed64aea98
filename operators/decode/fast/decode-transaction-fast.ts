/**
 * Fast decoder: the same `{ facts, events }` as the reference `decodeTransaction`, read straight from the BOC
 * buffer without building @ton/core cells or hashing them (the record carries the hash).
 *
 * The BOC is checked as strictly as the reference parser checks it (descriptors, forward references, CRC,
 * every TL-B field of the transaction), so malformed records fail here too, with the same `DecodeError`
 * fields. The contract-specific part is shared: the registry's codecs and event handlers run unchanged on a
 * `CellSlice`, which offers the @ton/core `Slice` methods they call. Structures outside this path (exotic
 * cells, extra currencies, StateInit libraries, non-ordinary descriptions, legacy BOC magics) are decoded by
 * the reference decoder instead; `onFallback` reports when that happens.
 *
 * Trust: without `verifyHash`, a record whose BOC does not match its `hash` field is not detected (the
 * reference decoder detects it by hashing every cell). With `verifyHash: true` the root hash is computed
 * with node:crypto and compared.
 */
import { Address } from '@ton/core';
import { DecodeError } from '../../../pipelines/runtime/errors.js';
import { BOUNCE_OP } from '../../../schemas/contracts/common/bounced.js';
import { LayoutError } from '../../../schemas/contracts/common/codec.js';
import type { ContractKind } from '../../../schemas/contracts/kinds.js';
import { contractSpec } from '../../../schemas/contracts/registry.js';
import type {
  ContractSpec,
  DecodeContext,
  DecodedLog,
  DecodedOutMessage,
  OutMessageSpec,
} from '../../../schemas/contracts/spec.js';
import { draft } from '../../../schemas/contracts/spec.js';
import {
  EVENT_SCHEMA_VERSION,
  eventId,
  type CanonicalEvent,
  type EventDraft,
} from '../../../schemas/events/canonical-event.js';
import { AUDIT_ONLY_EVENT_TYPES } from '../../../schemas/events/definitions.js';
import { decodeTransaction } from '../decode-transaction.js';
import type {
  BodyKind,
  DecodedTransaction,
  InMessageFacts,
  Outcome,
  OutMessageFacts,
  RawTransactionInput,
  TransactionFacts,
} from '../transaction-facts.js';
import { MalformedBoc, NeedsReference, readBoc, rootHash } from './boc-reader.js';
import { CellView, readBits } from './cell-slice.js';
import { readTransaction, type MessageView } from './transaction-reader.js';

export interface FastDecodeOptions {
  /** Compute the root cell hash (node:crypto) and reject a record whose `hash` differs. Default false. */
  verifyHash?: boolean;
  /** Called when a transaction is handed to the reference decoder, with the reason. */
  onFallback?: (reason: string) => void;
}

interface Where {
  account: string;
  lt: string;
}

function fail(
  where: Where,
  reason: string,
  extra: { op?: number | null; field?: string; message?: string } = {},
  cause?: unknown,
): never {
  throw new DecodeError(reason, { account: where.account, lt: where.lt, ...extra }, cause);
}

/** 64 hex digits (a loop: cheaper than a regular expression on every record). */
function isHashHex(s: string): boolean {
  if (s.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** Parsed account strings: `Address.parseRaw` costs more than the rest of a small transaction. */
const accountCache = new Map<string, { raw: string; hash: string }>();
const ACCOUNT_CACHE_LIMIT = 10_000;

function parseAccount(account: string): { raw: string; hash: string } {
  let parsed = accountCache.get(account);
  if (parsed) return parsed;
  const address = Address.parseRaw(account);
  parsed = { raw: address.toRawString(), hash: address.hash.toString('hex') };
  if (accountCache.size >= ACCOUNT_CACHE_LIMIT) accountCache.clear();
  accountCache.set(account, parsed);
  return parsed;
}

/** Out-message specs by op, first declaration winning (as `outMessages.find` picks). */
const outSpecsByOp = new WeakMap<ContractSpec, Map<number | null, OutMessageSpec>>();

function outSpecOf(spec: ContractSpec, op: number | null): OutMessageSpec | undefined {
  let byOp = outSpecsByOp.get(spec);
  if (!byOp) {
    byOp = new Map();
    for (const o of spec.outMessages) if (!byOp.has(o.op)) byOp.set(o.op, o);
    outSpecsByOp.set(spec, byOp);
  }
  return byOp.get(op);
}

function bocBase64(view: CellView): string {
  return view.toBoc({ idx: false }).toString('base64');
}

function opOf(body: CellView): number | null {
  return body.bitCount >= 32 ? readBits(body.boc.buf, body.bitStart, 32) : null;
}

function classifyBody(
  body: CellView,
  bounced: boolean,
): { kind: BodyKind; op: number | null; bouncedOp: number | null } {
  const bits = body.bitCount;
  const op = opOf(body);
  if (bounced) {
    const bouncedOp = op === BOUNCE_OP && bits >= 64 ? readBits(body.boc.buf, body.bitStart + 32, 32) : null;
    return { kind: 'bounced', op, bouncedOp };
  }
  if (bits === 0 && body.refCount === 0) return { kind: 'empty', op: null, bouncedOp: null };
  if (op === null) return { kind: 'short', op: null, bouncedOp: null };
  if (op === 0) return { kind: 'text-comment', op, bouncedOp: null };
  return { kind: 'op', op, bouncedOp: null };
}

function inMessageFacts(msg: MessageView, spec: ContractSpec): InMessageFacts {
  const internal = msg.type === 'internal';
  const bounced = internal && msg.bounced;
  const body = classifyBody(msg.body, bounced);
  const opName = bounced
    ? (outSpecOf(spec, body.bouncedOp)?.name ?? null)
    : body.op === null
      ? null
      : (spec.ops.get(body.op)?.name ?? null);
  return {
    type: internal ? 'internal' : 'external-in',
    src: internal ? msg.src : null,
    dest: msg.dest,
    value: msg.value,
    bounce: internal ? msg.bounce : false,
    bounced,
    bodyKind: body.kind,
    op: body.op,
    opName,
    bouncedOp: body.bouncedOp,
    bodyBits: msg.body.bitCount,
    bodyRefs: msg.body.refCount,
  };
}

function outMessageFacts(
  outs: { index: number; message: MessageView }[],
  spec: ContractSpec,
): OutMessageFacts[] {
  const facts: OutMessageFacts[] = [];
  for (const { index, message: msg } of outs) facts.push(outMessageFact(index, msg, spec));
  return facts;
}

function outMessageFact(index: number, msg: MessageView, spec: ContractSpec): OutMessageFacts {
  const bits = msg.body.bitCount;
  const refs = msg.body.refCount;
  if (msg.type === 'external-out') {
    return {
      index,
      type: 'external-out',
      dest: null,
      value: 0n,
      bounce: null,
      hasStateInit: msg.hasStateInit,
      op: null,
      name: msg.logId === null ? null : (spec.logs.get(msg.logId)?.name ?? null),
      logId: msg.logId,
      bodyBits: bits,
      bodyRefs: refs,
    };
  }
  const op = opOf(msg.body);
  const empty = bits === 0 && refs === 0;
  return {
    index,
    type: 'internal',
    dest: msg.dest,
    value: msg.value,
    bounce: msg.type === 'internal' ? msg.bounce : null,
    hasStateInit: msg.hasStateInit,
    op,
    name: empty ? null : (outSpecOf(spec, op)?.name ?? null),
    logId: null,
    bodyBits: bits,
    bodyRefs: refs,
  };
}

function layoutFailure(where: Where, err: unknown, op: number | null, message: string): never {
  if (err instanceof DecodeError) throw err;
  const field = err instanceof LayoutError ? err.field || '(body)' : '(body)';
  const reason = err instanceof Error ? err.message : String(err);
  fail(where, `body does not match its layout: ${reason}`, { op, field, message }, err);
}

function decodeOuts(
  where: Where,
  spec: ContractSpec,
  facts: OutMessageFacts[],
  messages: { index: number; message: MessageView }[],
) {
  const outs: DecodedOutMessage[] = [];
  const logs: DecodedLog[] = [];
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    const msg = messages[i]?.message;
    if (!msg) continue;
    if (f.type === 'external-out') {
      if (f.logId === null) continue;
      const logSpec = spec.logs.get(f.logId);
      if (!logSpec) {
        logs.push({ index: f.index, id: f.logId, name: null, payload: null });
        continue;
      }
      if (msg.body.refCount === 0)
        fail(where, 'log body has no payload ref', {
          op: f.logId,
          field: 'payload',
          message: `log[${f.index}]`,
        });
      let payload: unknown;
      try {
        payload = logSpec.codec.load(CellView.whole(msg.body.boc, msg.body.refAt(0)).beginParse().asSlice());
      } catch (err) {
        layoutFailure(where, err, f.logId, `log[${f.index}] ${logSpec.name}`);
      }
      logs.push({ index: f.index, id: f.logId, name: logSpec.name, payload });
      continue;
    }
    const empty = f.bodyBits === 0 && f.bodyRefs === 0;
    const outSpec = empty ? undefined : outSpecOf(spec, f.op);
    let body: unknown = null;
    if (outSpec) {
      try {
        body = outSpec.codec.load(msg.body.beginParse().asSlice());
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
      body,
    });
  }
  return { outs, logs };
}

function makeContext(
  account: string,
  kind: ContractKind,
  utime: number,
  inMsg: InMessageFacts | null,
  outs: DecodedOutMessage[],
  logs: DecodedLog[],
  consumed: Set<number>,
): DecodeContext {
  return {
    account,
    kind,
    utime,
    sender: inMsg?.src ?? null,
    value: inMsg?.value ?? 0n,
    inOp: inMsg?.op ?? null,
    outs,
    outsNamed: (name) => outs.filter((o) => o.name === name),
    takeLog: (id) => {
      const found = logs.find((l) => l.id === id && l.name !== null && !consumed.has(l.index));
      if (found) consumed.add(found.index);
      return found;
    },
  };
}

function failedDraft(
  phase: string,
  opts: { exitCode: number | null; actionResultCode: number | null; skipReason: string | null },
  inMsg: InMessageFacts | null,
  body: CellView | null,
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
      body: body ? bocBase64(body) : null,
    },
    'transaction',
  );
}

/** Decodes one transaction of an account running `kind`, like `decodeTransaction`. Throws only `DecodeError`. */
export function decodeTransactionFast(
  input: RawTransactionInput,
  kind: ContractKind,
  opts: FastDecodeOptions = {},
): DecodedTransaction {
  const where: Where = { account: String(input?.account), lt: String(input?.lt) };
  try {
    return decodeUnchecked(input, kind, opts);
  } catch (err) {
    if (err instanceof NeedsReference) {
      opts.onFallback?.(err.message);
      return decodeTransaction(input, kind);
    }
    if (err instanceof DecodeError) throw err;
    fail(where, `unexpected decoder failure: ${err instanceof Error ? err.message : String(err)}`, {}, err);
  }
}

function decodeUnchecked(
  input: RawTransactionInput,
  kind: ContractKind,
  opts: FastDecodeOptions,
): DecodedTransaction {
  const spec = contractSpec(kind);
  if (!spec)
    fail({ account: String(input.account), lt: String(input.lt) }, `unknown contract kind ${String(kind)}`, {
      field: 'kind',
    });

  const where: Where = { account: String(input.account), lt: String(input.lt) };
  let accountAddress: { raw: string; hash: string };
  try {
    accountAddress = parseAccount(String(input.account));
  } catch (err) {
    fail(where, 'account is not a raw wc:hex address', { field: 'account' }, err);
  }
  const account = accountAddress.raw;
  where.account = account;
  if (typeof input.boc !== 'string' || input.boc.length === 0)
    fail(where, 'missing transaction BOC', { field: 'boc' });

  let boc: ReturnType<typeof readBoc>;
  let tx: ReturnType<typeof readTransaction>;
  try {
    boc = readBoc(Buffer.from(input.boc, 'base64'));
  } catch (err) {
    if (err instanceof MalformedBoc)
      fail(where, `malformed transaction BOC: ${err.message}`, { field: 'boc' }, err);
    throw err;
  }
  try {
    tx = readTransaction(boc);
  } catch (err) {
    if (err instanceof MalformedBoc)
      fail(where, `BOC is not a Transaction: ${err.message}`, { field: 'boc' }, err);
    throw err;
  }

  const recordHash = typeof input.hash === 'string' && input.hash.length > 0 ? input.hash : null;
  let hash: string;
  if (opts.verifyHash || recordHash === null || !isHashHex(recordHash)) {
    hash = rootHash(boc).toString('hex');
    if (recordHash !== null && hash !== recordHash.toLowerCase())
      fail(where, `record hash ${recordHash} differs from the BOC hash ${hash}`, { field: 'hash' });
  } else {
    hash = recordHash.toLowerCase();
  }
  if (tx.lt !== where.lt) fail(where, `record lt differs from the BOC lt ${tx.lt}`, { field: 'lt' });
  if (tx.accountHash !== accountAddress.hash)
    fail(where, 'record account differs from the BOC account', { field: 'account' });

  const inMsg = tx.inMessage ? inMessageFacts(tx.inMessage, spec) : null;
  const outFacts = outMessageFacts(tx.outMessages, spec);
  const compute = tx.compute;
  const action = tx.action;

  let failure: TransactionFacts['failure'] = null;
  const exitCode = compute.type === 'vm' ? compute.exitCode : null;
  const actionResultCode = action?.resultCode ?? null;
  if (compute.type === 'skipped') {
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
  const body = tx.inMessage?.body ?? null;

  if (!success) {
    drafts.push(failedDraft(failure!.phase, failure!, inMsg, body));
    outcome = 'failed';
    outcomeReason = `${failure!.phase}${exitCode !== null ? ` exit ${exitCode}` : ''}${
      failure!.phase === 'action' ? ` result ${actionResultCode}` : ''
    }`;
  } else {
    const { outs, logs } = decodeOuts(where, spec, outFacts, tx.outMessages);
    const consumed = new Set<number>();
    const ctx = makeContext(account, kind, tx.now, inMsg, outs, logs, consumed);
    const handlerEvents = (fn: () => EventDraft[], op: number | null): EventDraft[] => {
      try {
        return fn();
      } catch (err) {
        layoutFailure(where, err, op, 'in');
      }
    };
    if (inMsg?.bounced) {
      drafts.push(failedDraft('bounced-in-message', failure!, inMsg, body));
      outcome = 'failed';
      outcomeReason = 'bounced in-message';
    } else if (!inMsg || !body) {
      outcome = 'no-state-change';
      outcomeReason = 'no in-message';
    } else if (inMsg.type === 'external-in') {
      drafts.push(draft('Unknown', { op: inMsg.op, sender: null, value: 0n, body: bocBase64(body) }));
      outcome = 'unknown-op';
      outcomeReason = 'external-in message to a protocol contract';
    } else if (inMsg.bodyKind === 'empty') {
      drafts.push(...handlerEvents(() => spec.emptyBody(ctx), null));
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
        drafts.push(draft('Unknown', { op, sender: inMsg.src, value: inMsg.value, body: bocBase64(body) }));
        outcome = 'unknown-op';
        outcomeReason = `op 0x${op.toString(16)} is not defined for ${kind}`;
      } else if (!opSpec.codec) {
        outcome = 'no-state-change';
        outcomeReason = opSpec.noStateChange ?? 'declared op without handler';
      } else {
        let decoded: unknown;
        try {
          decoded = opSpec.codec.load(body.beginParse().asSlice());
        } catch (err) {
          layoutFailure(where, err, op, `in ${opSpec.name}`);
        }
        drafts.push(...handlerEvents(() => opSpec.events(decoded, ctx), op));
        outcome = drafts.length ? 'state-change' : 'no-state-change';
        outcomeReason = drafts.length ? null : (opSpec.noStateChange ?? 'op without modelled state change');
      }
    }
    // Logs no op handler folded into its own event.
    for (const l of logs) {
      if (consumed.has(l.index) || l.name === null) continue;
      const logSpec = spec.logs.get(l.id);
      if (logSpec) drafts.push(...handlerEvents(() => logSpec.events(l.payload, ctx), l.id));
    }
    if (drafts.some((d) => !AUDIT_ONLY_EVENT_TYPES.has(d.type))) {
      outcome = 'state-change';
      outcomeReason = inMsg?.bounced ? 'bounce handler' : outcomeReason;
    }
  }

  const lt = tx.lt;
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
      utime: tx.now,
      index,
      origin: d.origin,
      op: d.op !== undefined ? d.op : defaultOp,
      logId: d.logId ?? null,
      data: d.data,
    } as CanonicalEvent);
  }

  const facts: TransactionFacts = {
    account,
    lt,
    hash,
    utime: tx.now,
    kind,
    origStatus: tx.origStatus,
    endStatus: tx.endStatus,
    totalFees: tx.totalFees,
    descriptionType: 'generic',
    creditFirst: tx.creditFirst,
    compute,
    action,
    bouncePhase: tx.bouncePhase,
    aborted: tx.aborted,
    destroyed: tx.destroyed,
    success,
    failure,
    inMessage: inMsg,
    outMessages: outFacts,
    outcome,
    outcomeReason,
  };
  return { facts, events };
}
