/**
 * Reads a `Transaction` (TL-B `transaction$0111`) from a parsed BOC into plain data: every field the
 * reference parser (@ton/core `loadTransaction`) reads is read and checked the same way, so both accept and
 * reject the same cells, but only what the decoder uses is kept. Message bodies stay views into the BOC.
 *
 * Valid but rare structures that the fast path does not model go to the reference decoder (`NeedsReference`):
 * non-ordinary transaction descriptions, extra currencies, StateInit libraries.
 */
import { MalformedBoc, NeedsReference, type BocCells } from './boc-reader.js';
import { CellSlice, CellUnderflow, CellView, readBits } from './cell-slice.js';
import type { ActionFacts, ComputeFacts } from '../transaction-facts.js';

export interface MessageView {
  type: 'internal' | 'external-in' | 'external-out';
  /** Raw `wc:hex`: internal sources (external-out sources are the account itself and not kept). */
  src: string | null;
  /** Raw `wc:hex`: internal and external-in destinations. */
  dest: string | null;
  /** External-out: the addr_extern destination as a number when it is 256 bits holding a value < 2^32. */
  logId: number | null;
  value: bigint;
  bounce: boolean;
  bounced: boolean;
  hasStateInit: boolean;
  body: CellView;
}

export interface TransactionView {
  /** Bit offset of the account's 256-bit hash in the BOC buffer (compared in place: `bytesEqualAt`). */
  accountHashPos: number;
  lt: string;
  now: number;
  origStatus: string;
  endStatus: string;
  totalFees: bigint;
  inMessage: MessageView | null;
  /** Sorted by index. */
  outMessages: { index: number; message: MessageView }[];
  creditFirst: boolean;
  compute: ComputeFacts;
  action: ActionFacts | null;
  aborted: boolean;
  bouncePhase: 'negative-funds' | 'no-funds' | 'ok' | null;
  destroyed: boolean;
}

const STATUS = ['uninitialized', 'frozen', 'active', 'non-existing'] as const;
const SKIP_REASONS = ['no-state', 'bad-state', 'no-gas'] as const;
const OUT_KEY_BITS = 15;

/** CurrencyCollection: coins, then a HashmapE of extra currencies (left to the reference when present). */
function currencies(s: CellSlice): bigint {
  const coins = s.coins();
  noExtraCurrencies(s);
  return coins;
}

function skipCurrencies(s: CellSlice): void {
  s.skipCoins();
  noExtraCurrencies(s);
}

function noExtraCurrencies(s: CellSlice): void {
  if (s.bit()) {
    s.ref();
    throw new NeedsReference('extra currencies');
  }
}

function accountStatusChange(s: CellSlice): void {
  if (s.bit()) s.bit();
}

function storageUsed(s: CellSlice): void {
  s.skipVarUint(3);
  s.skipVarUint(3);
}

function stateInit(s: CellSlice): void {
  if (s.bit()) s.skipBits(5);
  if (s.bit()) s.skipBits(2);
  if (s.bit()) s.ref();
  if (s.bit()) s.ref();
  if (s.bit()) {
    s.ref();
    throw new NeedsReference('StateInit with libraries');
  }
}

function externalLogId(s: CellSlice, ext: { bits: number; pos: number } | null): number | null {
  if (!ext || ext.bits !== 256) return null;
  const buf = s.boc.buf;
  for (let i = 0; i < 224; i += 32) if (readBits(buf, ext.pos + i, 32) !== 0) return null;
  return readBits(buf, ext.pos + 224, 32);
}

/** `Message Any` from the cell `cell` (CommonMsgInfo, Maybe StateInit, body inline or in a ref). */
function message(boc: BocCells, cell: number): MessageView {
  const s = CellSlice.of(boc, cell);
  let m: MessageView;
  // CommonMsgInfo tag: 0 internal, 10 external-in, 11 external-out.
  const infoTag = s.bit() ? (s.bit() ? 3 : 2) : 0;
  if (infoTag === 0) {
    s.bit(); // ihr_disabled
    const bounce = s.bit();
    const bounced = s.bit();
    const src = s.rawAddress();
    const dest = s.rawAddress();
    const value = currencies(s);
    s.skipCoins(); // ihr_fee
    s.skipCoins(); // fwd_fee
    s.skipBits(64 + 32); // created_lt, created_at
    m = {
      type: 'internal',
      src,
      dest,
      logId: null,
      value,
      bounce,
      bounced,
      hasStateInit: false,
      body: null!,
    };
  } else if (infoTag === 2) {
    s.maybeExternal();
    const dest = s.rawAddress();
    s.skipCoins(); // import_fee
    m = {
      type: 'external-in',
      src: null,
      dest,
      logId: null,
      value: 0n,
      bounce: false,
      bounced: false,
      hasStateInit: false,
      body: null!,
    };
  } else {
    const src = null; // always the account itself; not part of the facts
    s.skipAddress();
    const logId = externalLogId(s, s.maybeExternal());
    s.skipBits(64 + 32);
    m = {
      type: 'external-out',
      src,
      dest: null,
      logId,
      value: 0n,
      bounce: false,
      bounced: false,
      hasStateInit: false,
      body: null!,
    };
  }
  if (s.bit()) {
    m.hasStateInit = true;
    if (!s.bit()) stateInit(s);
    else stateInit(CellSlice.of(boc, s.ref()));
  }
  m.body = s.bit() ? CellView.whole(boc, s.ref()) : s.rest(cell);
  return m;
}

/** HashmapE 15 of ^Message: labels as @ton/core's dictionary parser reads them. */
function outMessages(boc: BocCells, s: CellSlice): { index: number; message: MessageView }[] {
  const out: { index: number; message: MessageView }[] = [];
  if (!s.bit()) return out;
  // Explicit stack instead of recursion: depth is bounded by the key width, width by the cell count.
  const stack: { cell: number; prefix: number; n: number }[] = [
    { cell: s.ref(), prefix: 0, n: OUT_KEY_BITS },
  ];
  while (stack.length > 0) {
    const { cell, prefix, n } = stack.pop()!;
    const node = CellSlice.of(boc, cell);
    const lenBits = Math.ceil(Math.log2(n + 1));
    let key = prefix;
    let labelLength: number;
    // Label tag: 0 hml_short, 10 hml_long, 11 hml_same.
    const labelTag = node.bit() ? (node.bit() ? 3 : 2) : 0;
    if (labelTag === 0) {
      labelLength = 0;
      while (node.bit()) labelLength++;
      if (labelLength > n) throw new NeedsReference('dictionary label longer than the key');
      for (let i = 0; i < labelLength; i++) key = key * 2 + (node.bit() ? 1 : 0);
    } else if (labelTag === 2) {
      labelLength = node.uint(lenBits);
      if (labelLength > n) throw new NeedsReference('dictionary label longer than the key');
      for (let i = 0; i < labelLength; i++) key = key * 2 + (node.bit() ? 1 : 0);
    } else {
      const bit = node.bit() ? 1 : 0;
      labelLength = node.uint(lenBits);
      if (labelLength > n) throw new NeedsReference('dictionary label longer than the key');
      for (let i = 0; i < labelLength; i++) key = key * 2 + bit;
    }
    const rest = n - labelLength;
    if (rest === 0) {
      out.push({ index: key, message: message(boc, node.ref()) });
    } else {
      const left = node.ref();
      const right = node.ref();
      // Right pushed first so the left branch is read first, as the recursive parser does.
      stack.push({ cell: right, prefix: key * 2 + 1, n: rest - 1 });
      stack.push({ cell: left, prefix: key * 2, n: rest - 1 });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function computePhase(boc: BocCells, s: CellSlice): ComputeFacts {
  if (!s.bit()) {
    const reason = s.uint(2);
    const name = SKIP_REASONS[reason];
    if (!name) throw new CellUnderflow(`unknown compute skip reason ${reason}`);
    return { type: 'skipped', reason: name };
  }
  const success = s.bit();
  s.skipBits(2); // msg_state_used, account_activated
  s.skipCoins(); // gas_fees
  const vm = CellSlice.of(boc, s.ref());
  const gasUsed = vm.varUint(3);
  vm.skipVarUint(3); // gas_limit
  if (vm.bit()) vm.skipVarUint(2); // gas_credit
  vm.skipBits(8); // mode
  const exitCode = vm.int(32);
  if (vm.bit()) vm.skipBits(32); // exit_arg
  const vmSteps = vm.uint(32);
  vm.skipBits(512); // init and final state hashes
  return { type: 'vm', success, exitCode, gasUsed, vmSteps };
}

function actionPhase(s: CellSlice): ActionFacts {
  const success = s.bit();
  s.bit(); // valid
  const noFunds = s.bit();
  accountStatusChange(s);
  if (s.bit()) s.skipCoins(); // total_fwd_fees
  if (s.bit()) s.skipCoins(); // total_action_fees
  const resultCode = s.int(32);
  if (s.bit()) s.skipBits(32); // result_arg
  const totalActions = s.uint(16);
  s.skipBits(16); // spec_actions
  const skippedActions = s.uint(16);
  const messagesCreated = s.uint(16);
  s.skipBits(256); // action_list_hash
  storageUsed(s);
  return { success, resultCode, totalActions, skippedActions, messagesCreated, noFunds };
}

function bouncePhase(s: CellSlice): TransactionView['bouncePhase'] {
  if (s.bit()) {
    storageUsed(s);
    s.skipCoins();
    s.skipCoins();
    return 'ok';
  }
  if (s.bit()) {
    storageUsed(s);
    s.skipCoins();
    return 'no-funds';
  }
  return 'negative-funds';
}

/**
 * Reads the transaction in the root cell. Throws `MalformedBoc` when the cells are not a Transaction,
 * `NeedsReference` for structures the fast path leaves to the reference decoder.
 */
export function readTransaction(boc: BocCells): TransactionView {
  try {
    return readUnchecked(boc);
  } catch (err) {
    if (err instanceof CellUnderflow) throw new MalformedBoc(`not a Transaction: ${err.message}`);
    throw err;
  }
}

function readUnchecked(boc: BocCells): TransactionView {
  const s = CellSlice.of(boc, boc.root);
  if (s.uint(4) !== 0x07) throw new CellUnderflow('transaction tag is not 0111');
  const accountHashPos = s.pos;
  s.skipBits(256);
  const lt = s.big(64).toString();
  s.skipBits(256 + 64); // prev_trans_hash, prev_trans_lt
  const now = s.uint(32);
  s.skipBits(15); // outmsg_cnt
  const origStatus = STATUS[s.uint(2)]!;
  const endStatus = STATUS[s.uint(2)]!;

  const msgs = CellSlice.of(boc, s.ref());
  const inMessage = msgs.bit() ? message(boc, msgs.ref()) : null;
  const outs = outMessages(boc, msgs);
  msgs.endParse();

  const totalFees = currencies(s);
  const update = CellSlice.of(boc, s.ref());
  if (update.uint(8) !== 0x72) throw new CellUnderflow('HASH_UPDATE tag is not 0x72');
  update.skipBits(512);

  const d = CellSlice.of(boc, s.ref());
  const type = d.uint(4);
  if (type !== 0) throw new NeedsReference(`transaction description type ${type}`);
  const creditFirst = d.bit();
  if (d.bit()) {
    d.skipCoins(); // storage_fees_collected
    if (d.bit()) d.skipCoins(); // storage_fees_due
    accountStatusChange(d);
  }
  if (d.bit()) {
    if (d.bit()) d.skipCoins(); // due_fees_collected
    skipCurrencies(d);
  }
  const compute = computePhase(boc, d);
  const action = d.bit() ? actionPhase(CellSlice.of(boc, d.ref())) : null;
  const aborted = d.bit();
  const bounce = d.bit() ? bouncePhase(d) : null;
  const destroyed = d.bit();
  return {
    accountHashPos,
    lt,
    now,
    origStatus,
    endStatus,
    totalFees,
    inMessage,
    outMessages: outs,
    creditFirst,
    compute,
    action,
    aborted,
    bouncePhase: bounce,
    destroyed,
  };
}
