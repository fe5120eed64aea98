/**
 * Reference decoder: one transaction BOC + the account's contract kind → its facts and canonical events.
 * Pure and synchronous, built on @ton/core (`Cell.fromBase64`, `loadTransaction`).
 *
 * Chain truth (DESIGN §3.3): a transaction whose compute phase was skipped or failed, that was aborted, whose
 * action phase failed, yields exactly one `TransactionFailed` and nothing else. A successful transaction whose
 * in-message is a bounce yields `TransactionFailed` (the original message failed) plus only what the bounce
 * handler visibly did: its v2 logs (e.g. vault 0x95/0x96, router 0x59).
 *
 * Errors: anything that cannot be decoded — malformed BOC, record fields that disagree with the BOC, a body
 * that does not match its op's layout in a successful transaction — is a `DecodeError` naming account, lt,
 * op, message and field. No other exception type escapes. Bodies of failed transactions are decoded only
 * to name the attempt, never to fail the record (the contract itself rejected them).
 */
import { Address, Cell, ExternalAddress, loadTransaction, type Message, type Transaction } from '@ton/core';
import { DecodeError } from '../../pipelines/runtime/errors.js';
import { BOUNCE_OP } from '../../schemas/contracts/common/bounced.js';
import { LayoutError } from '../../schemas/contracts/common/codec.js';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import { contractSpec } from '../../schemas/contracts/registry.js';
import type {
  ContractSpec,
  DecodeContext,
  DecodedLog,
  DecodedOutMessage,
} from '../../schemas/contracts/spec.js';
import { draft } from '../../schemas/contracts/spec.js';
import { AUDIT_ONLY_EVENT_TYPES } from '../../schemas/events/definitions.js';
import {
  EVENT_SCHEMA_VERSION,
  eventId,
  type CanonicalEvent,
  type EventDraft,
} from '../../schemas/events/canonical-event.js';
import type {
  ActionFacts,
  BodyKind,
  ComputeFacts,
  DecodedTransaction,
  InMessageFacts,
  Outcome,
  OutMessageFacts,
  RawTransactionInput,
  TransactionFacts,
} from './transaction-facts.js';

export type { DecodedTransaction, RawTransactionInput, TransactionFacts } from './transaction-facts.js';

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

function boc(cell: Cell): string {
  return cell.toBoc({ idx: false }).toString('base64');
}

function rawAddress(a: Address | null | undefined): string | null {
  return a ? a.toRawString() : null;
}

function parseInput(input: RawTransactionInput): {
  where: Where;
  cell: Cell;
  tx: Transaction;
  account: string;
} {
  const where: Where = { account: String(input.account), lt: String(input.lt) };
  let accountAddress: Address;
  try {
    accountAddress = Address.parseRaw(String(input.account));
  } catch (err) {
    fail(where, 'account is not a raw wc:hex address', { field: 'account' }, err);
  }
  const account = accountAddress.toRawString();
  where.account = account;
  if (typeof input.boc !== 'string' || input.boc.length === 0)
    fail(where, 'missing transaction BOC', { field: 'boc' });
  let cell: Cell;
  try {
    cell = Cell.fromBase64(input.boc);
  } catch (err) {
    fail(
      where,
      `malformed transaction BOC: ${err instanceof Error ? err.message : String(err)}`,
      { field: 'boc' },
      err,
    );
  }
  let tx: Transaction;
  try {
    tx = loadTransaction(cell.beginParse());
  } catch (err) {
    fail(
      where,
      `BOC is not a Transaction: ${err instanceof Error ? err.message : String(err)}`,
      { field: 'boc' },
      err,
    );
  }
  if (
    typeof input.hash === 'string' &&
    input.hash.length > 0 &&
    cell.hash().toString('hex') !== input.hash.toLowerCase()
  ) {
    fail(where, `record hash ${input.hash} differs from the BOC hash ${cell.hash().toString('hex')}`, {
      field: 'hash',
    });
  }
  if (tx.lt.toString() !== where.lt)
    fail(where, `record lt differs from the BOC lt ${tx.lt}`, { field: 'lt' });
  if (tx.address !== BigInt(`0x${accountAddress.hash.toString('hex')}`)) {
    fail(where, 'record account differs from the BOC account', { field: 'account' });
  }
  return { where, cell, tx, account };
}

function phases(tx: Transaction): {
  compute: ComputeFacts | null;
  action: ActionFacts | null;
  bouncePhase: TransactionFacts['bouncePhase'];
  aborted: boolean;
  destroyed: boolean;
  creditFirst: boolean | null;
} {
  const d = tx.description;
  const computePhase = 'computePhase' in d ? d.computePhase : undefined;
  const actionPhase = 'actionPhase' in d ? d.actionPhase : undefined;
  const compute: ComputeFacts | null = !computePhase
    ? null
    : computePhase.type === 'skipped'
      ? { type: 'skipped', reason: computePhase.reason }
      : {
          type: 'vm',
          success: computePhase.success,
          exitCode: computePhase.exitCode,
          gasUsed: computePhase.gasUsed,
          vmSteps: computePhase.vmSteps,
        };
  const action: ActionFacts | null = actionPhase
    ? {
        success: actionPhase.success,
        resultCode: actionPhase.resultCode,
        totalActions: actionPhase.totalActions,
        skippedActions: actionPhase.skippedActions,
        messagesCreated: actionPhase.messagesCreated,
        noFunds: actionPhase.noFunds,
      }
    : null;
  return {
    compute,
    action,
    bouncePhase: d.type === 'generic' && d.bouncePhase ? d.bouncePhase.type : null,
    aborted: 'aborted' in d ? d.aborted : false,
    destroyed: 'destroyed' in d ? d.destroyed : false,
    creditFirst: d.type === 'generic' ? d.creditFirst : null,
  };
}

function classifyBody(
  body: Cell,
  bounced: boolean,
): { kind: BodyKind; op: number | null; bouncedOp: number | null } {
  const bits = body.bits.length;
  const s = body.beginParse();
  const op = bits >= 32 ? s.preloadUint(32) : null;
  if (bounced) {
    let bouncedOp: number | null = null;
    if (op === BOUNCE_OP && bits >= 64) {
      s.skip(32);
      bouncedOp = s.preloadUint(32);
    }
    return { kind: 'bounced', op, bouncedOp };
  }
  if (bits === 0 && body.refs.length === 0) return { kind: 'empty', op: null, bouncedOp: null };
  if (op === null) return { kind: 'short', op: null, bouncedOp: null };
  if (op === 0) return { kind: 'text-comment', op, bouncedOp: null };
  return { kind: 'op', op, bouncedOp: null };
}

function inMessageFacts(msg: Message, spec: ContractSpec): InMessageFacts {
  const info = msg.info;
  const internal = info.type === 'internal';
  const bounced = internal && info.bounced;
  const body = classifyBody(msg.body, bounced);
  const opName = bounced
    ? (spec.outMessages.find((o) => o.op === body.bouncedOp)?.name ?? null)
    : body.op === null
      ? null
      : (spec.ops.get(body.op)?.name ?? null);
  return {
    type: internal ? 'internal' : 'external-in',
    src: internal ? rawAddress(info.src) : null,
    dest: info.type === 'external-out' ? null : rawAddress(info.dest),
    value: internal ? info.value.coins : 0n,
    bounce: internal ? info.bounce : false,
    bounced,
    bodyKind: body.kind,
    op: body.op,
    opName,
    bouncedOp: body.bouncedOp,
    bodyBits: msg.body.bits.length,
    bodyRefs: msg.body.refs.length,
  };
}

/** The 256-bit addr_extern destination of a v2 log as a number, when it is a plausible event id. */
function logIdOf(dest: ExternalAddress | null | undefined): number | null {
  if (!dest || dest.bits !== 256 || dest.value > 0xffffffffn) return null;
  return Number(dest.value);
}

function outMessageFacts(
  tx: Transaction,
  spec: ContractSpec,
): { facts: OutMessageFacts[]; messages: Message[] } {
  const keys = tx.outMessages.keys().sort((a, b) => a - b);
  const facts: OutMessageFacts[] = [];
  const messages: Message[] = [];
  for (const index of keys) {
    const msg = tx.outMessages.get(index);
    if (!msg) continue;
    messages.push(msg);
    const info = msg.info;
    const bits = msg.body.bits.length;
    const op = bits >= 32 ? msg.body.beginParse().preloadUint(32) : null;
    if (info.type === 'external-out') {
      const logId = logIdOf(info.dest);
      facts.push({
        index,
        type: 'external-out',
        dest: null,
        value: 0n,
        bounce: null,
        hasStateInit: !!msg.init,
        op: null,
        name: logId === null ? null : (spec.logs.get(logId)?.name ?? null),
        logId,
        bodyBits: bits,
        bodyRefs: msg.body.refs.length,
      });
    } else {
      const internal = info.type === 'internal';
      const empty = bits === 0 && msg.body.refs.length === 0;
      const name = empty ? null : (spec.outMessages.find((o) => o.op === op)?.name ?? null);
      facts.push({
        index,
        type: 'internal',
        dest: rawAddress(info.dest),
        value: internal ? info.value.coins : 0n,
        bounce: internal ? info.bounce : null,
        hasStateInit: !!msg.init,
        op,
        name,
        logId: null,
        bodyBits: bits,
        bodyRefs: msg.body.refs.length,
      });
    }
  }
  return { facts, messages };
}

function layoutFailure(where: Where, err: unknown, op: number | null, message: string): never {
  if (err instanceof DecodeError) throw err;
  const field = err instanceof LayoutError ? err.field || '(body)' : '(body)';
  const reason = err instanceof Error ? err.message : String(err);
  fail(where, `body does not match its layout: ${reason}`, { op, field, message }, err);
}

function decodeOuts(where: Where, spec: ContractSpec, facts: OutMessageFacts[], messages: Message[]) {
  const outs: DecodedOutMessage[] = [];
  const logs: DecodedLog[] = [];
  facts.forEach((f, i) => {
    const msg = messages[i];
    if (!msg) return;
    if (f.type === 'external-out') {
      if (f.logId === null) return;
      const logSpec = spec.logs.get(f.logId);
      if (!logSpec) {
        logs.push({ index: f.index, id: f.logId, name: null, payload: null });
        return;
      }
      const payloadCell = msg.body.refs[0];
      if (!payloadCell)
        fail(where, 'log body has no payload ref', {
          op: f.logId,
          field: 'payload',
          message: `log[${f.index}]`,
        });
      let payload: unknown;
      try {
        payload = logSpec.codec.load(payloadCell.beginParse());
      } catch (err) {
        layoutFailure(where, err, f.logId, `log[${f.index}] ${logSpec.name}`);
      }
      logs.push({ index: f.index, id: f.logId, name: logSpec.name, payload });
      return;
    }
    const empty = f.bodyBits === 0 && f.bodyRefs === 0;
    const outSpec = empty ? undefined : spec.outMessages.find((o) => o.op === f.op);
    let body: unknown = null;
    if (outSpec) {
      try {
        body = outSpec.codec.load(msg.body.beginParse());
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
  });
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
  body: Cell | null,
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
      body: body ? boc(body) : null,
    },
    'transaction',
  );
}

/** Decodes one transaction of an account running `kind`. Throws only `DecodeError`. */
export function decodeTransaction(input: RawTransactionInput, kind: ContractKind): DecodedTransaction {
  const where: Where = { account: String(input?.account), lt: String(input?.lt) };
  try {
    return decodeUnchecked(input, kind);
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    fail(where, `unexpected decoder failure: ${err instanceof Error ? err.message : String(err)}`, {}, err);
  }
}

function decodeUnchecked(input: RawTransactionInput, kind: ContractKind): DecodedTransaction {
  const spec = contractSpec(kind);
  if (!spec)
    fail({ account: String(input.account), lt: String(input.lt) }, `unknown contract kind ${String(kind)}`, {
      field: 'kind',
    });
  const { where, cell, tx, account } = parseInput(input);
  const ph = phases(tx);
  const inMsg = tx.inMessage ? inMessageFacts(tx.inMessage, spec) : null;
  const out = outMessageFacts(tx, spec);

  let failure: TransactionFacts['failure'] = null;
  const exitCode = ph.compute?.type === 'vm' ? ph.compute.exitCode : null;
  const actionResultCode = ph.action?.resultCode ?? null;
  if (!ph.compute) {
    failure = { phase: 'compute-skipped', exitCode: null, actionResultCode, skipReason: 'no compute phase' };
  } else if (ph.compute.type === 'skipped') {
    failure = { phase: 'compute-skipped', exitCode: null, actionResultCode, skipReason: ph.compute.reason };
  } else if (!ph.compute.success) {
    failure = { phase: 'compute', exitCode, actionResultCode, skipReason: null };
  } else if (ph.action && !ph.action.success) {
    failure = { phase: 'action', exitCode, actionResultCode, skipReason: null };
  } else if (ph.aborted) {
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
    const { outs, logs } = decodeOuts(where, spec, out.facts, out.messages);
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
      drafts.push(draft('Unknown', { op: inMsg.op, sender: null, value: 0n, body: boc(body) }));
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
        drafts.push(draft('Unknown', { op, sender: inMsg.src, value: inMsg.value, body: boc(body) }));
        outcome = 'unknown-op';
        outcomeReason = `op 0x${op.toString(16)} is not defined for ${kind}`;
      } else if (!opSpec.codec) {
        outcome = 'no-state-change';
        outcomeReason = opSpec.noStateChange ?? 'declared op without handler';
      } else {
        let decoded: unknown;
        try {
          decoded = opSpec.codec.load(body.beginParse());
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

  const lt = tx.lt.toString();
  const hash = cell.hash().toString('hex');
  const events = drafts.map((d, index): CanonicalEvent => {
    const defaultOp =
      d.origin === 'transaction' || d.origin === 'in-message' || d.origin === 'log'
        ? (inMsg?.op ?? null)
        : null;
    return {
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
    } as CanonicalEvent;
  });

  const facts: TransactionFacts = {
    account,
    lt,
    hash,
    utime: tx.now,
    kind,
    origStatus: tx.oldStatus,
    endStatus: tx.endStatus,
    totalFees: tx.totalFees.coins,
    descriptionType: tx.description.type,
    creditFirst: ph.creditFirst,
    compute: ph.compute,
    action: ph.action,
    bouncePhase: ph.bouncePhase,
    aborted: ph.aborted,
    destroyed: ph.destroyed,
    success,
    failure,
    inMessage: inMsg,
    outMessages: out.facts,
    outcome,
    outcomeReason,
  };
  return { facts, events };
}
