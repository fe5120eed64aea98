/**
 * JSON shapes of TonCenter API v2 (tonlib objects as the HTTP API renders them), built from real transaction BOCs.
 *
 * Shapes follow the TonCenter v2 reference (docs.ton.org `ecosystem/api/toncenter/v2`, the `TON HTTP API`
 * OpenAPI) and what `@ton/ton`'s `HttpApi` validates: `raw.transaction` with `transaction_id {lt, hash(base64)}`,
 * `fee`/`storage_fee`/`other_fee` strings, `in_msg`/`out_msgs` whose `source`/`destination` are plain address
 * strings, and `msg_data` of type `msg.dataRaw` (`body` = BOC of the body cell, `init_state`) or `msg.dataText`.
 */
import {
  Address,
  Cell,
  Dictionary,
  beginCell,
  loadMessage,
  loadTransaction,
  storeStateInit,
  type Message,
  type Transaction,
  type TupleItem,
} from '@ton/core';

import { DecodeError } from '../../pipelines/runtime/errors.js';

/** Base64 of 32 zero bytes: tonlib's "no transaction" hash. */
export const ZERO_HASH_B64 = Buffer.alloc(32).toString('base64');
/** The masterchain shard id as tonlib prints it (signed 64-bit). */
export const MASTERCHAIN_SHARD = '-9223372036854775808';

export interface TonCenterMessageJson {
  '@type': 'raw.message';
  hash: string;
  source: string;
  destination: string;
  value: string;
  extra_currencies: unknown[];
  fwd_fee: string;
  ihr_fee: string;
  created_lt: string;
  body_hash: string;
  msg_data:
    { '@type': 'msg.dataRaw'; body: string; init_state: string } | { '@type': 'msg.dataText'; text: string };
  message: string;
}

export interface TonCenterTransactionJson {
  '@type': 'raw.transaction';
  address: { '@type': 'accountAddress'; account_address: string };
  utime: number;
  data: string;
  transaction_id: { '@type': 'internal.transactionId'; lt: string; hash: string };
  fee: string;
  storage_fee: string;
  other_fee: string;
  in_msg?: TonCenterMessageJson;
  out_msgs: TonCenterMessageJson[];
}

export interface AddressFormat {
  /** Render addresses with the testnet flag (`kQ…`/`0Q…`), as testnet.toncenter.com does. */
  testnet: boolean;
}

/** An address in the user-friendly form tonlib puts in `account_address`: bounceable, URL-safe. */
export function friendly(address: Address, format: AddressFormat): string {
  return address.toString({ urlSafe: true, bounceable: true, testOnly: format.testnet });
}

/** Parses an address given in any standard form (raw `wc:hex`, friendly base64 or base64url). */
export function parseAnyAddress(source: string): Address | null {
  try {
    return Address.parse(source.trim());
  } catch {
    return null;
  }
}

/**
 * Transaction and message hashes are accepted as 64 hex characters or 44 base64/base64url characters,
 * as the API documents for the `hash` parameter of getTransactions.
 */
export function parseHashParam(source: string): Buffer | null {
  const value = source.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (value.length === 44) {
    const buf = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return buf.length === 32 ? buf : null;
  }
  return null;
}

/** The data bits of a cell's root as bytes, zero-padded to a whole byte (the `data.b64` of a cell object). */
export function cellDataBytes(cell: Cell): Buffer {
  const bits = cell.bits.length;
  const out = Buffer.alloc(Math.ceil(bits / 8));
  for (let i = 0; i < bits; i++) {
    if (cell.bits.at(i)) out[i >> 3] = (out[i >> 3] ?? 0) | (0x80 >> (i & 7));
  }
  return out;
}

interface CellObject {
  data: { b64: string; len: number };
  refs: CellObject[];
  special: boolean;
}

/** The `object` form TonCenter adds next to a stack cell's `bytes`. */
export function cellObject(cell: Cell): CellObject {
  return {
    data: { b64: cellDataBytes(cell).toString('base64'), len: cell.bits.length },
    refs: cell.refs.map(cellObject),
    special: cell.isExotic,
  };
}

function tryTextComment(body: Cell): string | null {
  if (body.bits.length < 32) return null;
  try {
    const s = body.beginParse();
    if (s.loadUint(32) !== 0) return null;
    if (s.remainingBits % 8 !== 0) return null;
    const text = s.loadStringTail();
    // A lossy decode means the payload was binary, not a comment.
    if (text.includes('\uFFFD')) return null;
    return text;
  } catch {
    return null;
  }
}

function renderMessage(cell: Cell, format: AddressFormat): TonCenterMessageJson {
  const msg: Message = loadMessage(cell.beginParse());
  const info = msg.info;
  let source = '';
  let destination = '';
  let value = '0';
  let fwdFee = '0';
  let ihrFee = '0';
  let createdLt = '0';
  if (info.type === 'internal') {
    source = friendly(info.src, format);
    destination = friendly(info.dest, format);
    value = info.value.coins.toString();
    fwdFee = info.forwardFee.toString();
    ihrFee = info.ihrFee.toString();
    createdLt = info.createdLt.toString();
  } else if (info.type === 'external-in') {
    // tonlib prints an external source (addr_extern / addr_none) as an empty account address.
    destination = friendly(info.dest, format);
  } else {
    source = friendly(info.src, format);
    createdLt = info.createdLt.toString();
  }
  const body = msg.body;
  const initState = msg.init ? beginCell().store(storeStateInit(msg.init)).endCell() : null;
  const text = initState ? null : tryTextComment(body);
  const msgData: TonCenterMessageJson['msg_data'] =
    text !== null
      ? { '@type': 'msg.dataText', text: Buffer.from(text, 'utf8').toString('base64') }
      : {
          '@type': 'msg.dataRaw',
          body: body.toBoc().toString('base64'),
          init_state: initState ? initState.toBoc().toString('base64') : '',
        };
  return {
    '@type': 'raw.message',
    hash: cell.hash().toString('base64'),
    source,
    destination,
    value,
    extra_currencies: [],
    fwd_fee: fwdFee,
    ihr_fee: ihrFee,
    created_lt: createdLt,
    body_hash: body.hash().toString('base64'),
    msg_data: msgData,
    // The decoded `message` field: the comment text, or the body root's data bytes in base64.
    message: text ?? cellDataBytes(body).toString('base64'),
  };
}

function emptyMessage(): TonCenterMessageJson {
  const empty = beginCell().endCell();
  return {
    '@type': 'raw.message',
    hash: ZERO_HASH_B64,
    source: '',
    destination: '',
    value: '0',
    extra_currencies: [],
    fwd_fee: '0',
    ihr_fee: '0',
    created_lt: '0',
    body_hash: empty.hash().toString('base64'),
    msg_data: { '@type': 'msg.dataRaw', body: empty.toBoc().toString('base64'), init_state: '' },
    message: '',
  };
}

/** The raw message cells of a transaction: `^[ in_msg:(Maybe ^Message) out_msgs:(HashmapE 15 ^Message) ]`. */
function messageCells(txCell: Cell): { inMsg: Cell | null; outMsgs: Cell[] } {
  const msgsCell = txCell.refs[0];
  if (!msgsCell) return { inMsg: null, outMsgs: [] };
  const s = msgsCell.beginParse();
  const inMsg = s.loadMaybeRef();
  const dict = s.loadDict(Dictionary.Keys.Uint(15), Dictionary.Values.Cell());
  const outMsgs = [...dict.keys()].sort((a, b) => a - b).map((k) => dict.get(k) as Cell);
  return { inMsg, outMsgs };
}

export interface ParsedTransaction {
  tx: Transaction;
  cell: Cell;
  /** Hash of the transaction cell, hex. */
  hashHex: string;
}

/** Parses a base64 transaction BOC; names the account and lt in the error when it is malformed. */
export function parseTransactionBoc(
  boc: string,
  where: { account?: string; lt?: string } = {},
): ParsedTransaction {
  try {
    const cell = Cell.fromBase64(boc);
    const tx = loadTransaction(cell.beginParse());
    return { tx, cell, hashHex: cell.hash().toString('hex') };
  } catch (err) {
    throw new DecodeError('malformed transaction BOC', { ...where, field: 'boc' }, err);
  }
}

/** The TonCenter JSON of one transaction, everything derived from its BOC. */
export function renderTransaction(
  account: Address,
  parsed: ParsedTransaction,
  bocBase64: string,
  format: AddressFormat,
): TonCenterTransactionJson {
  const { tx, cell } = parsed;
  const fee = tx.totalFees.coins;
  const d = tx.description;
  const storageFee = 'storagePhase' in d && d.storagePhase ? d.storagePhase.storageFeesCollected : 0n;
  const { inMsg, outMsgs } = messageCells(cell);
  const json: TonCenterTransactionJson = {
    '@type': 'raw.transaction',
    address: { '@type': 'accountAddress', account_address: friendly(account, format) },
    utime: tx.now,
    data: bocBase64,
    transaction_id: {
      '@type': 'internal.transactionId',
      lt: tx.lt.toString(),
      hash: cell.hash().toString('base64'),
    },
    fee: fee.toString(),
    storage_fee: storageFee.toString(),
    other_fee: (fee - storageFee).toString(),
    // tonlib always fills in_msg: a transaction without one (tick-tock) gets an empty message.
    in_msg: inMsg ? renderMessage(inMsg, format) : emptyMessage(),
    out_msgs: outMsgs.map((m) => renderMessage(m, format)),
  };
  return json;
}

// ---------------------------------------------------------------------------------------------------------------
// TVM stacks

/** One stack entry of a runGetMethod result, in TonCenter's `[type, value]` form (`["num", "0x2a"]`, ...). */
export type TonCenterStackEntry = [string, unknown] | [string];

function hexNumber(value: bigint): string {
  return value < 0n ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

function cellEntry(cell: Cell): { bytes: string; object: CellObject } {
  return { bytes: cell.toBoc().toString('base64'), object: cellObject(cell) };
}

/** A stack element nested inside a tuple/list: tonlib's `tvm.stackEntry*` objects. */
function nestedEntry(item: TupleItem): Record<string, unknown> {
  switch (item.type) {
    case 'int':
      return {
        '@type': 'tvm.stackEntryNumber',
        number: { '@type': 'tvm.numberDecimal', number: item.value.toString() },
      };
    case 'nan':
      return { '@type': 'tvm.stackEntryUnsupported' };
    case 'null':
      return { '@type': 'tvm.stackEntryTuple', tuple: { '@type': 'tvm.tuple', elements: [] } };
    case 'cell':
    case 'builder':
      return {
        '@type': 'tvm.stackEntryCell',
        cell: { '@type': 'tvm.cell', bytes: item.cell.toBoc().toString('base64') },
      };
    case 'slice':
      return {
        '@type': 'tvm.stackEntrySlice',
        slice: { '@type': 'tvm.slice', bytes: item.cell.toBoc().toString('base64') },
      };
    case 'tuple':
      return {
        '@type': 'tvm.stackEntryTuple',
        tuple: { '@type': 'tvm.tuple', elements: item.items.map(nestedEntry) },
      };
  }
}

/**
 * Converts @ton/core tuple items to the stack TonCenter returns from runGetMethod. Numbers are hex strings
 * (`"0x2a"`, `"-0x2a"`); cells, slices and builders are `["cell", {bytes, object}]`; tuples carry tonlib objects.
 */
export function toTonCenterStack(items: TupleItem[]): TonCenterStackEntry[] {
  return items.map((item): TonCenterStackEntry => {
    switch (item.type) {
      case 'int':
        return ['num', hexNumber(item.value)];
      case 'nan':
        return ['num', 'NaN'];
      case 'null':
        return ['null', null];
      case 'cell':
      case 'slice':
      case 'builder':
        return ['cell', cellEntry(item.cell)];
      case 'tuple':
        return ['tuple', { '@type': 'tvm.tuple', elements: item.items.map(nestedEntry) }];
    }
  });
}

/** A stack item as the corpus serialises it (`{type:'int', value}`, `{type:'slice', cell:{cell_boc}}`, ...). */
export interface JsonTupleItem {
  type: string;
  value?: string;
  cell?: { cell_boc: string };
  items?: JsonTupleItem[];
}

export function tupleItemFromJson(item: JsonTupleItem): TupleItem {
  switch (item.type) {
    case 'int':
      return { type: 'int', value: BigInt(item.value ?? '0') };
    case 'nan':
      return { type: 'nan' };
    case 'null':
      return { type: 'null' };
    case 'cell':
    case 'slice':
    case 'builder':
      if (!item.cell) throw new Error(`stack item of type ${item.type} has no cell`);
      return { type: item.type, cell: Cell.fromBase64(item.cell.cell_boc) };
    case 'tuple':
      return { type: 'tuple', items: (item.items ?? []).map(tupleItemFromJson) };
    default:
      throw new Error(`unknown stack item type ${item.type}`);
  }
}

/**
 * A canonical key for get-method arguments, so results can be registered per argument list. Accepts the request
 * forms clients send (`["num", "5"]`, `["num", 5]`, `["tvm.Slice", boc]`, `["cell", boc]`, ...) and corpus items.
 */
export function stackArgsKey(args: unknown[]): string {
  return args
    .map((arg) => {
      if (Array.isArray(arg)) {
        const [kind, value] = arg as [unknown, unknown];
        const k = String(kind).toLowerCase();
        if (k === 'num' || k === 'number' || k === 'int') return `num:${BigInt(String(value)).toString()}`;
        if (k === 'null') return 'null';
        const boc = typeof value === 'string' ? value : (value as { bytes?: string } | null)?.bytes;
        if (boc) return `cell:${Cell.fromBase64(boc).hash().toString('hex')}`;
        return `${k}:?`;
      }
      const item = arg as JsonTupleItem;
      if (item.type === 'int') return `num:${BigInt(item.value ?? '0').toString()}`;
      if (item.type === 'null') return 'null';
      if (item.cell) return `cell:${Cell.fromBase64(item.cell.cell_boc).hash().toString('hex')}`;
      return `${item.type}:?`;
    })
    .join(',');
}

const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let j = 0; j < 8; j++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

/** The numeric id FunC gives a get-method: `(crc16(name) & 0xffff) | 0x10000`, so clients may call by id. */
export function getMethodId(name: string): number {
  let crc = 0;
  for (const byte of Buffer.from(name, 'utf8')) {
    crc = ((crc << 8) & 0xffff) ^ (CRC16_TABLE[((crc >> 8) ^ byte) & 0xff] ?? 0);
  }
  return (crc & 0xffff) | 0x10000;
}
