/**
 * Fast decoder: the same `{ facts, events }` as the reference `decodeTransaction`, read straight from the BOC
 * buffer without building @ton/core cells. Cells are hashed only where the output needs a hash: not the
 * transaction's (the record carries it), only uploaded code cells (`cell-hash.ts`, zero-copy, memoised).
 *
 * The BOC is checked as strictly as the reference parser checks it (descriptors, forward references, CRC,
 * every TL-B field of the transaction), so malformed records fail here too, with the same `DecodeError`
 * fields. The contract-specific part is shared: the registry's codecs and event handlers run unchanged on a
 * `CellSlice`, which offers the @ton/core `Slice` methods they call, and what follows parsing (outcome,
 * handlers, events) is `assemble-events.ts`, as for the reference decoder. Structures outside this path (exotic
 * cells, extra currencies, StateInit libraries, non-ordinary descriptions, legacy BOC magics) are decoded by
 * the reference decoder instead; `onFallback` reports when that happens.
 *
 * Trust: without `verifyHash`, a record whose BOC does not match its `hash` field is not detected (the
 * reference decoder detects it by hashing every cell). With `verifyHash: true` the root hash is computed
 * (`cell-hash.ts`) and compared.
 */
import { Address } from '@ton/core';
import { DecodeError } from '../../../pipelines/runtime/errors.js';
import { BOUNCE_OP } from '../../../schemas/contracts/common/bounced.js';
import type { ContractKind } from '../../../schemas/contracts/kinds.js';
import { contractSpec } from '../../../schemas/contracts/registry.js';
import type { ContractSpec } from '../../../schemas/contracts/spec.js';
import { assembleEvents, fail, outSpecOf, type BodyReader, type Where } from '../assemble-events.js';
import { decodeTransaction } from '../decode-transaction.js';
import type {
  BodyKind,
  DecodedTransaction,
  InMessageFacts,
  OutMessageFacts,
  RawTransactionInput,
  TransactionFacts,
} from '../transaction-facts.js';
import { MalformedBoc, NeedsReference, readBoc } from './boc-reader.js';
import { rootHash } from './cell-hash.js';
import { bytesEqualAt, CellView, readBits } from './cell-slice.js';
import { readTransaction, type MessageView } from './transaction-reader.js';

export interface FastDecodeOptions {
  /** Compute the root cell hash and reject a record whose `hash` differs. Default false. */
  verifyHash?: boolean;
  /** Called when a transaction is handed to the reference decoder, with the reason. */
  onFallback?: (reason: string) => void;
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
const accountCache = new Map<string, { raw: string; hash: Buffer }>();
const ACCOUNT_CACHE_LIMIT = 10_000;

function parseAccount(account: string): { raw: string; hash: Buffer } {
  let parsed = accountCache.get(account);
  if (parsed) return parsed;
  const address = Address.parseRaw(account);
  parsed = { raw: address.toRawString(), hash: Buffer.from(address.hash) };
  if (accountCache.size >= ACCOUNT_CACHE_LIMIT) accountCache.clear();
  accountCache.set(account, parsed);
  return parsed;
}

/**
 * The BOC bytes of the transaction being decoded. One buffer reused for every transaction (decoding base64 into
 * a fresh buffer was a tenth of the work): nothing the decoder returns may view it — values read from cells are
 * copies (`canonicalData`, `loadBuffer`, cell hashes), and the memo of known cell runs keeps copies.
 */
let bocScratch = Buffer.allocUnsafe(16 * 1024);

function bocBytes(base64: string): Buffer {
  // base64 → at most 3 bytes per 4 characters.
  const most = Math.ceil(base64.length / 4) * 3;
  if (most > bocScratch.length) bocScratch = Buffer.allocUnsafe(Math.max(most, bocScratch.length * 2));
  return bocScratch.subarray(0, bocScratch.write(base64, 'base64'));
}

/** Bodies are views of the BOC; the codecs read them through `CellSlice`'s @ton/core `Slice` face. */
const viewReader: BodyReader<CellView> = {
  slice: (view) => view.beginParse().asSlice(),
  boc: (view) => view.toBoc({ idx: false }).toString('base64'),
  firstRef: (view) => (view.refCount === 0 ? null : CellView.whole(view.boc, view.refAt(0))),
};

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
  let accountAddress: { raw: string; hash: Buffer };
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
    boc = readBoc(bocBytes(input.boc));
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
  if (!bytesEqualAt(boc.buf, tx.accountHashPos, accountAddress.hash))
    fail(where, 'record account differs from the BOC account', { field: 'account' });

  const inMsg = tx.inMessage ? inMessageFacts(tx.inMessage, spec) : null;
  const outFacts = outMessageFacts(tx.outMessages, spec);
  const outBodies: CellView[] = [];
  for (const o of tx.outMessages) outBodies.push(o.message.body);
  const { success, failure, outcome, outcomeReason, events } = assembleEvents(
    {
      where,
      account,
      kind,
      spec,
      lt: tx.lt,
      hash,
      utime: tx.now,
      compute: tx.compute,
      action: tx.action,
      aborted: tx.aborted,
      inMessage: inMsg,
      inBody: tx.inMessage?.body ?? null,
      outMessages: outFacts,
      outBodies,
    },
    viewReader,
  );

  const facts: TransactionFacts = {
    account,
    lt: tx.lt,
    hash,
    utime: tx.now,
    kind,
    origStatus: tx.origStatus,
    endStatus: tx.endStatus,
    totalFees: tx.totalFees,
    descriptionType: 'generic',
    creditFirst: tx.creditFirst,
    compute: tx.compute,
    action: tx.action,
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
