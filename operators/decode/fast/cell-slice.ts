/**
 * A bit cursor over one cell of a `BocCells` (or over the tail of one, for a message body stored inline),
 * reading straight from the BOC buffer. Two faces:
 *
 * - a lean internal one (`bit`, `uint`, `big`, `coins`, `rawAddress`, `ref`, ...) for the transaction reader;
 * - the subset of @ton/core's `Slice` that the contract codecs (`schemas/contracts/**`) call, with the same
 *   results and the same failures (a read past the end throws, `loadUint` refuses unsafe integers, ...), so
 *   the codecs run unchanged on it. Addresses come back as real @ton/core `Address` objects because the
 *   codecs check `Address.isAddress`.
 */
import { Address, BitString, Cell, ExternalAddress, type Slice } from '@ton/core';
import {
  bitLengthOf,
  canonicalData,
  dataStartOf,
  refCountOf,
  refSlotOf,
  type BocCells,
} from './boc-reader.js';
import { viewToBoc } from './boc-writer.js';
import { cellHashMemo, hashView } from './cell-hash.js';

/** A read past the data of a cell, a missing reference, a value out of range: the body is not well formed. */
export class CellUnderflow extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CellUnderflow';
  }
}

/** Unsigned integer of `n` ≤ 53 bits at absolute bit offset `pos` (caller checked the bounds). */
export function readBits(buf: Buffer, pos: number, n: number): number {
  let result = 0;
  while (n > 0) {
    const shift = pos & 7;
    const avail = 8 - shift;
    const take = avail < n ? avail : n;
    const chunk = (buf[pos >> 3]! >> (avail - take)) & ((1 << take) - 1);
    result = result * (1 << take) + chunk;
    n -= take;
    pos += take;
  }
  return result;
}

/** The 8 bits at `pos` as a signed integer (a workchain id). */
function readSignedByte(buf: Buffer, pos: number): number {
  const v = readBits(buf, pos, 8);
  return v >= 128 ? v - 256 : v;
}

/** `n` bits at `pos` as a bigint (any width). */
export function readBig(buf: Buffer, pos: number, n: number): bigint {
  if (n <= 48) return BigInt(readBits(buf, pos, n));
  let v = 0n;
  while (n > 0) {
    const take = n >= 32 ? 32 : n;
    v = (v << BigInt(take)) | BigInt(readBits(buf, pos, take));
    pos += take;
    n -= take;
  }
  return v;
}

/** The hash of the last address read by `CellSlice.stdAddress` (overwritten by the next one). */
export const addressHash = Buffer.alloc(32);

/** Copies `bytes` whole bytes starting at bit offset `pos` of `buf` into `out`. */
export function copyBytes(buf: Buffer, pos: number, bytes: number, out: Buffer): void {
  const from = pos >> 3;
  const shift = pos & 7;
  if (shift === 0) {
    buf.copy(out, 0, from, from + bytes);
    return;
  }
  const last = buf.length - 1;
  for (let i = 0; i < bytes; i++) {
    const next = from + i + 1 <= last ? buf[from + i + 1]! : 0;
    out[i] = ((buf[from + i]! << shift) | (next >> (8 - shift))) & 0xff;
  }
}

/**
 * Raw address strings by the first four bytes of the hash: a feed names the same few contracts and users again
 * and again, and hex-encoding 32 bytes into a new string per address was a tenth of decoding. A hit is checked
 * byte for byte, so the cache can only save work, never change a result.
 */
interface AddressText {
  wc: number;
  hash: Buffer;
  text: string;
}
const addressTexts = new Map<number, AddressText>();
const ADDRESS_TEXTS_LIMIT = 65_536;

/**
 * `wc:hex` of the 256-bit hash at bit offset `pos` of `buf`, compared in place with the cache; copied into
 * `addressHash` and hex-encoded only on a miss.
 */
function rawAddressText(wc: number, buf: Buffer, pos: number): string {
  const key = readBits(buf, pos, 32);
  const known = addressTexts.get(key);
  if (known !== undefined && known.wc === wc && bytesEqualAt(buf, pos, known.hash)) return known.text;
  copyBytes(buf, pos, 32, addressHash);
  const text = `${wc}:${addressHash.toString('hex')}`;
  if (addressTexts.size >= ADDRESS_TEXTS_LIMIT) addressTexts.clear();
  addressTexts.set(key, { wc, hash: Buffer.from(addressHash), text });
  return text;
}

/** Scratch space for unaligned byte runs (addresses, hashes): reused, so nothing is allocated per read. */
let scratch = Buffer.allocUnsafe(64);

/** `bytes` whole bytes at bit offset `pos`, lowercase hex. */
export function readHex(buf: Buffer, pos: number, bytes: number): string {
  const from = pos >> 3;
  if ((pos & 7) === 0) return buf.toString('hex', from, from + bytes);
  const shift = pos & 7;
  if (scratch.length < bytes) scratch = Buffer.allocUnsafe(bytes);
  const last = buf.length - 1;
  for (let i = 0; i < bytes; i++) {
    const next = from + i + 1 <= last ? buf[from + i + 1]! : 0;
    scratch[i] = ((buf[from + i]! << shift) | (next >> (8 - shift))) & 0xff;
  }
  return scratch.toString('hex', 0, bytes);
}

/** Whether the whole bytes at bit offset `pos` of `buf` are `expected` (compared in place, nothing copied). */
export function bytesEqualAt(buf: Buffer, pos: number, expected: Uint8Array): boolean {
  const from = pos >> 3;
  const shift = pos & 7;
  const n = expected.length;
  if (from + n > buf.length) return false;
  for (let i = 0; i < n; i++) {
    const hi = buf[from + i]!;
    const b = shift === 0 ? hi : ((hi << shift) | ((buf[from + i + 1] ?? 0) >> (8 - shift))) & 0xff;
    if (b !== expected[i]) return false;
  }
  return true;
}

/** A cell of the BOC, or the tail of one (an inline message body): what codecs get from `loadRef`. */
export class CellView {
  // Declared, then assigned: class field definitions are slower to construct on this hot path.
  declare readonly boc: BocCells;
  declare readonly cell: number;
  /** Absolute bit offsets in the BOC buffer. */
  declare readonly bitStart: number;
  declare readonly bitEnd: number;
  /** Absolute reference slots in `boc.cells`. */
  declare readonly refStart: number;
  declare readonly refEnd: number;

  constructor(
    boc: BocCells,
    cell: number,
    bitStart: number,
    bitEnd: number,
    refStart: number,
    refEnd: number,
  ) {
    this.boc = boc;
    this.cell = cell;
    this.bitStart = bitStart;
    this.bitEnd = bitEnd;
    this.refStart = refStart;
    this.refEnd = refEnd;
  }

  static whole(boc: BocCells, cell: number): CellView {
    const start = dataStartOf(boc, cell) * 8;
    const refs = refSlotOf(cell);
    return new CellView(boc, cell, start, start + bitLengthOf(boc, cell), refs, refs + refCountOf(boc, cell));
  }

  get bitCount(): number {
    return this.bitEnd - this.bitStart;
  }

  get refCount(): number {
    return this.refEnd - this.refStart;
  }

  /** Index of the `i`-th referenced cell. */
  refAt(i: number): number {
    return this.boc.cells[this.refStart + i]!;
  }

  /** @ton/core compatibility: views are always ordinary cells (exotic ones go to the reference decoder). */
  get isExotic(): boolean {
    return false;
  }

  beginParse(): CellSlice {
    return new CellSlice(this.boc, this.bitStart, this.bitEnd, this.refStart, this.refEnd);
  }

  /**
   * Representation hash, as @ton/core's `Cell.hash()` gives it for the same cell (views are ordinary cells of
   * level 0, so the `level` argument of the @ton/core method makes no difference), hashed zero-copy; a whole
   * cell of the BOC through the memo of trees already hashed (contract code uploaded again).
   */
  hash(): Buffer {
    const whole =
      this.cell >= 0 &&
      this.bitStart === dataStartOf(this.boc, this.cell) * 8 &&
      this.bitEnd === this.bitStart + bitLengthOf(this.boc, this.cell) &&
      this.refStart === refSlotOf(this.cell) &&
      this.refEnd === this.refStart + refCountOf(this.boc, this.cell);
    return whole
      ? cellHashMemo(this.boc, this.cell)
      : hashView(this.boc, this.bitStart, this.bitEnd, this.refStart, this.refEnd);
  }

  /** The BOC @ton/core's `Cell.toBoc(opts)` writes for this cell (index flag honoured, CRC on by default). */
  toBoc(opts?: { idx?: boolean | null; crc32?: boolean | null }): Buffer {
    return viewToBoc(this, { idx: opts?.idx ?? false, crc32: opts?.crc32 ?? true });
  }

  /** The same cell as a @ton/core `Cell` (hashes computed): only for codecs that build new cells from it. */
  toCell(memo: Map<number, Cell> = new Map()): Cell {
    const refs: Cell[] = [];
    for (let r = this.refStart; r < this.refEnd; r++)
      refs.push(materialize(this.boc, this.boc.cells[r]!, memo));
    const bits = this.bitEnd - this.bitStart;
    const data = canonicalData(this.boc.buf, this.bitStart, bits);
    return new Cell({ bits: new BitString(data, 0, bits), refs });
  }
}

function materialize(boc: BocCells, cell: number, memo: Map<number, Cell>): Cell {
  // Children have higher indexes: build bottom-up so a deep chain does not recurse.
  const seen = new Set<number>();
  const stack = [cell];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (memo.has(c) || seen.has(c)) continue;
    seen.add(c);
    for (let r = 0; r < refCountOf(boc, c); r++) stack.push(boc.cells[refSlotOf(c) + r]!);
  }
  const order = [...seen].sort((a, b) => b - a);
  for (const c of order) if (!memo.has(c)) memo.set(c, CellView.whole(boc, c).toCell(memo));
  return memo.get(cell)!;
}

export class CellSlice {
  declare readonly boc: BocCells;
  /** Absolute bit cursor and end in the BOC buffer. */
  declare pos: number;
  declare readonly end: number;
  /** Absolute reference slot cursor and end in `boc.cells`. */
  declare refPos: number;
  declare readonly refEnd: number;

  constructor(boc: BocCells, pos: number, end: number, refPos: number, refEnd: number) {
    this.boc = boc;
    this.pos = pos;
    this.end = end;
    this.refPos = refPos;
    this.refEnd = refEnd;
  }

  static of(boc: BocCells, cell: number): CellSlice {
    const start = dataStartOf(boc, cell) * 8;
    const refs = refSlotOf(cell);
    return new CellSlice(boc, start, start + bitLengthOf(boc, cell), refs, refs + refCountOf(boc, cell));
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new CellUnderflow(`read of ${n} bits past the end of the cell`);
  }

  // --- lean reader ---------------------------------------------------------------------------------------

  bit(): boolean {
    if (this.pos >= this.end) throw new CellUnderflow('read of 1 bit past the end of the cell');
    const p = this.pos++;
    return ((this.boc.buf[p >> 3]! >> (7 - (p & 7))) & 1) === 1;
  }

  /** Unsigned integer of up to 53 bits. */
  uint(n: number): number {
    this.need(n);
    const v = readBits(this.boc.buf, this.pos, n);
    this.pos += n;
    return v;
  }

  /** Signed integer of 1 to 53 bits. */
  int(n: number): number {
    if (n === 0) return 0;
    const u = this.uint(n);
    if (n <= 32) return (u << (32 - n)) >> (32 - n);
    return u >= 2 ** (n - 1) ? u - 2 ** n : u;
  }

  big(n: number): bigint {
    this.need(n);
    const v = readBig(this.boc.buf, this.pos, n);
    this.pos += n;
    return v;
  }

  skipBits(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** VarUInteger with a `lenBits`-bit byte count. */
  varUint(lenBits: number): bigint {
    const bytes = this.uint(lenBits);
    return this.big(bytes * 8);
  }

  coins(): bigint {
    return this.varUint(4);
  }

  skipCoins(): void {
    this.skipVarUint(4);
  }

  skipVarUint(lenBits: number): void {
    const bytes = this.uint(lenBits);
    this.skipBits(bytes * 8);
  }

  hex(bytes: number): string {
    this.need(bytes * 8);
    const s = readHex(this.boc.buf, this.pos, bytes);
    this.pos += bytes * 8;
    return s;
  }

  /** Index of the next referenced cell. */
  ref(): number {
    if (this.refPos >= this.refEnd) throw new CellUnderflow('no more references');
    return this.boc.cells[this.refPos++]!;
  }

  get bitsLeft(): number {
    return this.end - this.pos;
  }

  get refsLeft(): number {
    return this.refEnd - this.refPos;
  }

  /** What is left of the cell, as a view (an inline message body). */
  rest(cell: number): CellView {
    return new CellView(this.boc, cell, this.pos, this.end, this.refPos, this.refEnd);
  }

  /**
   * addr_std, as @ton/core's `loadAddress` reads it: tag 10, anycast (its rewrite prefix replaces the first
   * bits of the hash), workchain, 256-bit hash. Returns the workchain; the hash is left in `addressHash`.
   * Other tags fail as `loadAddress` fails.
   */
  stdAddress(): number {
    const tag = this.uint(2);
    if (tag !== 2) throw new CellUnderflow(`invalid address tag ${tag}`);
    const anycast = this.bit();
    let depth = 0;
    let prefix = 0;
    if (anycast) {
      depth = this.uint(5);
      prefix = this.uint(depth);
    }
    const wc = this.int(8);
    this.need(256);
    copyBytes(this.boc.buf, this.pos, 32, addressHash);
    this.pos += 256;
    for (let i = 0; i < depth; i++) {
      const bit = Math.floor(prefix / 2 ** (depth - 1 - i)) & 1;
      const mask = 0x80 >> (i & 7);
      addressHash[i >> 3] = bit ? addressHash[i >> 3]! | mask : addressHash[i >> 3]! & ~mask;
    }
    return wc;
  }

  /** addr_std as a raw `wc:hex` string. */
  rawAddress(): string {
    // Not anycast (tag 10, bit 0) — every address of the protocol: read the hash in place.
    if (this.pos + 11 + 256 <= this.end && readBits(this.boc.buf, this.pos, 3) === 0b100) {
      const wc = readSignedByte(this.boc.buf, this.pos + 3);
      const text = rawAddressText(wc, this.boc.buf, this.pos + 11);
      this.pos += 11 + 256;
      return text;
    }
    const wc = this.stdAddress();
    return rawAddressText(wc, addressHash, 0);
  }

  /** addr_std whose value is not needed: checked and skipped. */
  skipAddress(): void {
    const tag = this.uint(2);
    if (tag !== 2) throw new CellUnderflow(`invalid address tag ${tag}`);
    if (this.bit()) this.skipBits(this.uint(5));
    this.skipBits(8 + 256);
  }

  /** MsgAddressExt: `null` for addr_none, else the bit length and the position of the value. */
  maybeExternal(): { bits: number; pos: number } | null {
    const tag = this.uint(2);
    if (tag === 0) return null;
    if (tag !== 1) throw new CellUnderflow(`invalid external address tag ${tag}`);
    const bits = this.uint(9);
    const pos = this.pos;
    this.skipBits(bits);
    return { bits, pos };
  }

  // --- @ton/core Slice subset used by the contract codecs -----------------------------------------------

  get remainingBits(): number {
    return this.end - this.pos;
  }

  get remainingRefs(): number {
    return this.refEnd - this.refPos;
  }

  skip(bits: number): this {
    if (bits < 0) throw new CellUnderflow(`cannot skip ${bits} bits`);
    this.skipBits(bits);
    return this;
  }

  loadBit(): boolean {
    return this.bit();
  }

  preloadBit(): boolean {
    const p = this.pos;
    const v = this.bit();
    this.pos = p;
    return v;
  }

  loadUint(bits: number): number {
    return safe(this.loadUintBig(bits));
  }

  preloadUint(bits: number): number {
    const p = this.pos;
    const v = this.loadUint(bits);
    this.pos = p;
    return v;
  }

  loadUintBig(bits: number): bigint {
    return bits === 0 ? 0n : this.big(bits);
  }

  preloadUintBig(bits: number): bigint {
    const p = this.pos;
    const v = this.loadUintBig(bits);
    this.pos = p;
    return v;
  }

  loadIntBig(bits: number): bigint {
    if (bits === 0) return 0n;
    const u = this.big(bits);
    return u >= 1n << BigInt(bits - 1) ? u - (1n << BigInt(bits)) : u;
  }

  loadInt(bits: number): number {
    return safe(this.loadIntBig(bits));
  }

  loadVarUintBig(bits: number): bigint {
    return this.varUint(bits);
  }

  loadVarUint(bits: number): number {
    return safe(this.varUint(bits));
  }

  loadCoins(): bigint {
    return this.varUint(4);
  }

  loadBuffer(bytes: number): Buffer {
    this.need(bytes * 8);
    const from = this.pos;
    this.pos += bytes * 8;
    // A copy: the BOC buffer is scratch space reused by the next transaction (decode-transaction-fast.ts).
    if ((from & 7) === 0) return Buffer.from(this.boc.buf.subarray(from >> 3, (from >> 3) + bytes));
    return Buffer.from(readHex(this.boc.buf, from, bytes), 'hex');
  }

  loadBits(bits: number): BitString {
    this.need(bits);
    const data = canonicalData(this.boc.buf, this.pos, bits);
    this.pos += bits;
    return new BitString(data, 0, bits);
  }

  loadAddress(): Address {
    const wc = this.stdAddress();
    return new Address(wc, Buffer.from(addressHash));
  }

  loadMaybeAddress(): Address | null {
    if (this.pos + 2 <= this.end && readBits(this.boc.buf, this.pos, 2) === 0) {
      this.pos += 2;
      return null;
    }
    return this.loadAddress();
  }

  loadAddressAny(): Address | ExternalAddress | null {
    this.need(2);
    const tag = readBits(this.boc.buf, this.pos, 2);
    if (tag === 0) {
      this.pos += 2;
      return null;
    }
    if (tag === 2) return this.loadAddress();
    if (tag === 1) {
      const ext = this.maybeExternal()!;
      return new ExternalAddress(readBig(this.boc.buf, ext.pos, ext.bits), ext.bits);
    }
    throw new CellUnderflow('unsupported address type addr_var');
  }

  loadRef(): CellView {
    return CellView.whole(this.boc, this.ref());
  }

  preloadRef(): CellView {
    if (this.refPos >= this.refEnd) throw new CellUnderflow('no more references');
    return CellView.whole(this.boc, this.boc.cells[this.refPos]!);
  }

  loadMaybeRef(): CellView | null {
    return this.bit() ? this.loadRef() : null;
  }

  endParse(): void {
    if (this.pos < this.end || this.refPos < this.refEnd) throw new CellUnderflow('slice is not empty');
  }

  /**
   * A @ton/core `Slice` over the rest of this one. Codecs clone a slice only to copy what is left into a new
   * cell with @ton/core's Builder, which needs real `Cell` references; only that path pays for hashing.
   */
  clone(): Slice {
    return new CellView(this.boc, -1, this.pos, this.end, this.refPos, this.refEnd).toCell().beginParse();
  }

  /** The contract codecs are typed against @ton/core's `Slice`; this class implements what they call. */
  asSlice(): Slice {
    return this as unknown as Slice;
  }
}

function safe(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new CellUnderflow(`${v} is out of safe integer range`);
  return Number(v);
}
