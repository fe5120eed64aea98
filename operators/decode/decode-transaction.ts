/**
 * Reference decoder: one transaction BOC + the account's contract kind → its facts and canonical events.
 * Pure and synchronous, built on @ton/core (`Cell.fromBase64`, `loadTransaction`); what follows parsing
 * (outcome, op and log handlers, events) is shared with the fast decoder (`assemble-events.ts`).
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
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import { contractSpec } from '../../schemas/contracts/registry.js';
import type { ContractSpec } from '../../schemas/contracts/spec.js';
import { assembleEvents, fail, outSpecOf, type BodyReader, type Where } from './assemble-events.js';
import type {
  ActionFacts,
  BodyKind,
  ComputeFacts,
  DecodedTransaction,
  InMessageFacts,
  OutMessageFacts,
  RawTransactionInput,
  TransactionFacts,
} from './transaction-facts.js';

export type { DecodedTransaction, RawTransactionInput, TransactionFacts } from './transaction-facts.js';

/** Bodies are @ton/core cells. */
const cellReader: BodyReader<Cell> = {
  slice: (cell) => cell.beginParse(),
  boc: (cell) => cell.toBoc({ idx: false }).toString('base64'),
  firstRef: (cell) => cell.refs[0] ?? null,
};

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
    ? (outSpecOf(spec, body.bouncedOp)?.name ?? null)
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
      const name = empty ? null : (outSpecOf(spec, op)?.name ?? null);
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

  const lt = tx.lt.toString();
  const hash = cell.hash().toString('hex');
  const { success, failure, outcome, outcomeReason, events } = assembleEvents(
    {
      where,
      account,
      kind,
      spec,
      lt,
      hash,
      utime: tx.now,
      compute: ph.compute,
      action: ph.action,
      aborted: ph.aborted,
      inMessage: inMsg,
      inBody: tx.inMessage?.body ?? null,
      outMessages: out.facts,
      outBodies: out.messages.map((m) => m.body),
    },
    cellReader,
  );

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
