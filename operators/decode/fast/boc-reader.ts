/**
 * Zero-copy BOC reader: parses the header and walks the cell descriptors once, recording where each cell's
 * data starts, how many bits it holds and which cells it references. No cell objects, no hashing: the cell
 * data stays in the input buffer and slices read bits straight out of it (hashes: `cell-hash.ts`).
 *
 * It accepts exactly the BOCs @ton/core's `Cell.fromBoc` accepts for one root (the reference decoder's
 * parser): cells are read back to back from the data area (the optional index is not trusted), a reference
 * must point to a later cell (so there are no cycles and every walk is bounded by the cell count), at most 4
 * references per cell, CRC-32C checked when flagged. Inputs outside this path's scope but possibly valid
 * (exotic cells, the two legacy magics, padding without a terminator bit) raise `NeedsReference`.
 */
import { crc32c } from './crc32c.js';

/** The input is not a BOC of one cell tree. */
export class MalformedBoc extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedBoc';
  }
}

/** The input may be valid but uses a feature this reader leaves to the reference decoder. */
export class NeedsReference extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NeedsReference';
  }
}

export const MAX_REFS = 4;

export interface BocCells {
  readonly buf: Buffer;
  readonly count: number;
  readonly root: number;
  /**
   * `CELL_STRIDE` words per cell: byte offset of its data in `buf`, bit length, reference count, up to
   * `MAX_REFS` indexes of the cells it references, then the byte offset of its descriptor. One small-integer
   * array per BOC (cheaper to allocate than a typed array, whose backing store lives outside the JS heap).
   */
  readonly cells: readonly number[];
  /** Bytes per reference index. */
  readonly refSize: number;
  /** Byte offset just past the last cell: cell `i` is serialised in `[descriptor of i, descriptor of i+1)`. */
  readonly end: number;
}

export const CELL_STRIDE = 4 + MAX_REFS;
const DATA = 0;
const BITS = 1;
const REFS = 2;
const DESC = 3 + MAX_REFS;

export const dataStartOf = (boc: BocCells, cell: number): number => boc.cells[cell * CELL_STRIDE + DATA]!;
export const bitLengthOf = (boc: BocCells, cell: number): number => boc.cells[cell * CELL_STRIDE + BITS]!;
export const refCountOf = (boc: BocCells, cell: number): number => boc.cells[cell * CELL_STRIDE + REFS]!;
/** Slot of the first reference of `cell` in `boc.cells`. */
export const refSlotOf = (cell: number): number => cell * CELL_STRIDE + 3;
/** Byte offset of the descriptor of `cell` in `buf`; `boc.end` for `cell === boc.count`. */
export const descriptorOf = (boc: BocCells, cell: number): number =>
  cell < boc.count ? boc.cells[cell * CELL_STRIDE + DESC]! : boc.end;

const BOC_MAGIC = 0xb5ee9c72;
const LEGACY_MAGIC = 0x68ff65f3;
const LEGACY_CRC_MAGIC = 0xacc3a728;

/** Big-endian unsigned integer of `bytes` bytes; more than 53 bits is rejected as @ton/core does. */
function readSize(buf: Buffer, at: number, bytes: number, what: string): number {
  if (at + bytes > buf.length) throw new MalformedBoc(`BOC ends inside the ${what}`);
  let v = 0;
  for (let i = 0; i < bytes; i++) {
    v = v * 256 + buf[at + i]!;
    if (v > Number.MAX_SAFE_INTEGER) throw new MalformedBoc(`BOC ${what} is out of range`);
  }
  return v;
}

export function readBoc(buf: Buffer): BocCells {
  if (buf.length < 4) throw new MalformedBoc('BOC shorter than its magic');
  const magic = buf.readUInt32BE(0);
  if (magic === LEGACY_MAGIC || magic === LEGACY_CRC_MAGIC) throw new NeedsReference('legacy BOC magic');
  if (magic !== BOC_MAGIC) throw new MalformedBoc('invalid BOC magic');
  if (buf.length < 6) throw new MalformedBoc('BOC ends inside its header');
  const flags = buf[4]!;
  const hasIdx = (flags & 0x80) !== 0;
  const hasCrc = (flags & 0x40) !== 0;
  const size = flags & 7;
  const offBytes = buf[5]!;
  let at = 6;
  const cells = readSize(buf, at, size, 'cell count');
  at += size;
  const roots = readSize(buf, at, size, 'root count');
  at += size;
  at += size; // absent cells: not supported by the format's users, ignored as @ton/core does
  const totalCellSize = readSize(buf, at, offBytes, 'cell data size');
  at += offBytes;
  if (roots !== 1) throw new MalformedBoc(`expected one root cell, got ${roots}`);
  const root = readSize(buf, at, size, 'root index');
  at += size;
  if (hasIdx) at += cells * offBytes;
  const dataFrom = at;
  const dataTo = at + totalCellSize;
  if (dataTo > buf.length) throw new MalformedBoc('BOC ends inside its cell data');
  if (hasCrc) {
    if (dataTo + 4 > buf.length) throw new MalformedBoc('BOC ends inside its CRC');
    if (buf.length < 4 || crc32c(buf, 0, buf.length - 4) !== buf.readUInt32LE(dataTo))
      throw new MalformedBoc('invalid BOC CRC-32C');
  }
  // Every cell takes at least its two descriptor bytes: more cells than that cannot be in the data.
  if (cells > totalCellSize / 2) throw new MalformedBoc('BOC cell count exceeds its data');
  if (root >= cells) throw new MalformedBoc('BOC root index out of range');

  const table: number[] = new Array<number>(cells * CELL_STRIDE);
  let p = dataFrom;
  for (let i = 0; i < cells; i++) {
    if (p + 2 > dataTo) throw new MalformedBoc('BOC ends inside a cell descriptor');
    table[i * CELL_STRIDE + DESC] = p;
    const d1 = buf[p]!;
    const d2 = buf[p + 1]!;
    p += 2;
    if (d1 & 8) throw new NeedsReference('exotic cell');
    const nRefs = d1 & 7;
    if (d1 & 16) {
      const mask = d1 >> 5;
      const hashes = 1 + (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1);
      p += hashes * 34;
    }
    const dataBytes = (d2 + 1) >> 1;
    if (p + dataBytes > dataTo) throw new MalformedBoc('BOC ends inside cell data');
    const at0 = i * CELL_STRIDE;
    table[at0 + DATA] = p;
    let bits = dataBytes * 8;
    if (d2 & 1 && dataBytes > 0) {
      // Padded: the data ends before its last 1 bit.
      let last = p + dataBytes - 1;
      while (last >= p && buf[last] === 0) last--;
      if (last < p) throw new NeedsReference('padded cell data without a terminator bit');
      const byte = buf[last]!;
      bits = (last - p) * 8 + 7 - (31 - Math.clz32(byte & -byte));
    }
    table[at0 + BITS] = bits;
    p += dataBytes;
    if (p + nRefs * size > dataTo) throw new MalformedBoc('BOC ends inside cell references');
    if (nRefs > MAX_REFS) throw new MalformedBoc('cell with more than 4 references');
    table[at0 + REFS] = nRefs;
    table[at0 + 3] = table[at0 + 4] = table[at0 + 5] = table[at0 + 6] = 0;
    for (let r = 0; r < nRefs; r++) {
      let ref = 0;
      for (let b = 0; b < size; b++) ref = ref * 256 + buf[p++]!;
      if (ref <= i || ref >= cells) throw new MalformedBoc('cell reference is not to a later cell');
      table[at0 + 3 + r] = ref;
    }
  }
  return { buf, count: cells, root, cells: table, refSize: size, end: p };
}

/**
 * A cell's data in its canonical serialised form (what hashing and BOC writing use): `ceil(bits/8)` bytes
 * starting `bitOffset` bits into `buf`, the last one completed by a 1 bit and zeros when `bits % 8 != 0`.
 */
export function canonicalData(buf: Buffer, bitOffset: number, bits: number): Buffer {
  const n = (bits + 7) >> 3;
  const out = Buffer.allocUnsafe(n);
  const shift = bitOffset & 7;
  const from = bitOffset >> 3;
  if (shift === 0) {
    buf.copy(out, 0, from, from + n);
  } else {
    for (let i = 0; i < n; i++) {
      const hi = buf[from + i]! << shift;
      const lo = from + i + 1 < buf.length ? buf[from + i + 1]! >> (8 - shift) : 0;
      out[i] = (hi | lo) & 0xff;
    }
  }
  const tail = bits & 7;
  if (tail !== 0) out[n - 1] = (out[n - 1]! & (0xff << (8 - tail)) & 0xff) | (0x80 >> tail);
  return out;
}

/** Bits descriptor of a cell with `bits` data bits. */
export function bitsDescriptor(bits: number): number {
  return ((bits + 7) >> 3) + (bits >> 3);
}
