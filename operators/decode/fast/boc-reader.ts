/**
 * Zero-copy BOC reader: parses the header and walks the cell descriptors once, recording where each cell's
 * data starts, how many bits it holds and which cells it references. No cell objects, no hashing: the cell
 * data stays in the input buffer and slices read bits straight out of it (hashes: `cell-hash.ts`).
 *
 * It accepts exactly the BOCs @ton/core's `Cell.fromBoc` accepts for one root (the reference decoder's
 * parser): cells are read back to back from the data area (the optional index is not trusted), a reference
 * must point to a later cell (so there are no cycles and every walk is bounded by the cell count), at most 4
 * references per cell, CRC-32C checked when flagged (after the cells are read, but a CRC mismatch is
 * reported before anything wrong with the cells, as @ton/core checks it first). Inputs outside this path's
 * scope but possibly valid (exotic cells, the two legacy magics, padding without a terminator bit) raise
 * `NeedsReference`.
 *
 * Runs of cells seen before (contract code uploaded again, `rememberRun`) are recognised by their bytes and
 * neither parsed nor read by the CRC again: their descriptors are copied and their CRC register combined.
 */
import { crc32cShift, crc32cSkip, crc32cUpdate } from './crc32c.js';

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
   * `MAX_REFS` indexes of the cells it references, then the byte offset of its descriptor. A view of a shared
   * slab (`cellTable`): one JS array per BOC cost microseconds to allocate for a code upload's ~70 cells
   * (large holey arrays are allocated and promoted slowly), a typed array of its own costs a backing store.
   */
  readonly cells: Int32Array;
  /** Bytes per reference index. */
  readonly refSize: number;
  /** Byte offset just past the last cell: cell `i` is serialised in `[descriptor of i, descriptor of i+1)`. */
  readonly end: number;
  /**
   * Runs of cells seen before (`rememberRun`) that this BOC holds: found while reading (in byte order), or
   * registered from this BOC afterwards. Null when there are none.
   */
  runs: KnownRun[] | null;
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
  if (hasCrc && dataTo + 4 > buf.length) throw new MalformedBoc('BOC ends inside its CRC');
  let parsed: { table: Int32Array; end: number; runs: KnownRun[] | null };
  try {
    parsed = readCells(buf, cells, root, size, dataFrom, dataTo, totalCellSize);
  } catch (err) {
    // A BOC failing its CRC reports that first, whatever else is wrong with its cells.
    if (hasCrc) checkCrc(buf, dataTo, null);
    throw err;
  }
  if (hasCrc) checkCrc(buf, dataTo, parsed.runs);
  return { buf, count: cells, root, cells: parsed.table, refSize: size, end: parsed.end, runs: parsed.runs };
}

/**
 * The CRC-32C of `buf` without its last 4 bytes must be the one stored at `dataTo`. Bytes of `runs` are not
 * read again: they were compared with a known run, whose CRC register is known.
 */
function checkCrc(buf: Buffer, dataTo: number, runs: KnownRun[] | null): void {
  const to = buf.length - 4;
  let crc = -1;
  let at = 0;
  if (runs !== null) {
    for (const run of runs) {
      crc = crc32cSkip(crc32cUpdate(crc, buf, at, run.at), run.entry.crcShift, run.entry.crc);
      at = run.at + run.entry.length;
    }
  }
  crc = crc32cUpdate(crc, buf, at, to);
  if ((crc ^ -1) >>> 0 !== buf.readUInt32LE(dataTo)) throw new MalformedBoc('invalid BOC CRC-32C');
}

/** Slots per slab of cell tables; a table larger than a quarter of it gets an array of its own. */
const SLAB = 1 << 14;
let slab = new Int32Array(SLAB);
let slabUsed = 0;

/**
 * A zeroed table of `n` slots: the next unused part of the current slab (never handed out twice; a slab is
 * freed when no BOC viewing it is left), or an array of its own for a large BOC.
 */
function cellTable(n: number): Int32Array {
  if (n > SLAB >> 2) return new Int32Array(n);
  if (slabUsed + n > SLAB) {
    slab = new Int32Array(SLAB);
    slabUsed = 0;
  }
  const table = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += n;
  return table;
}

function readCells(
  buf: Buffer,
  cells: number,
  root: number,
  size: number,
  dataFrom: number,
  dataTo: number,
  totalCellSize: number,
): { table: Int32Array; end: number; runs: KnownRun[] | null } {
  // Every cell takes at least its two descriptor bytes: more cells than that cannot be in the data.
  if (cells > totalCellSize / 2) throw new MalformedBoc('BOC cell count exceeds its data');
  if (root >= cells) throw new MalformedBoc('BOC root index out of range');

  const table = cellTable(cells * CELL_STRIDE);
  let p = dataFrom;
  let runs: KnownRun[] | null = null;
  for (let i = 0; i < cells; i++) {
    if (i < RUN_FIRST_LIMIT && runFlags[i] !== 0) {
      const run = matchRun(buf, i, p, dataTo, size, cells);
      if (run !== null) {
        (runs ??= []).push({ entry: run, at: p });
        copyRun(table, run, i, p);
        p += run.length;
        i += run.count - 1;
        continue;
      }
    }
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
    for (let r = 0; r < nRefs; r++) {
      let ref = 0;
      for (let b = 0; b < size; b++) ref = ref * 256 + buf[p++]!;
      if (ref <= i || ref >= cells) throw new MalformedBoc('cell reference is not to a later cell');
      table[at0 + 3 + r] = ref;
    }
  }
  return { table, end: p, runs };
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

// --- runs of cells seen before ------------------------------------------------------------------------------

/**
 * A run of cells `first .. first + count - 1` of a BOC that holds a whole tree (contract code) and nothing
 * else, remembered by `rememberRun` with what was computed from it (`value`: the tree's hash). The run's bytes,
 * with the index of its first cell and the BOC's reference size, determine its cells completely (boundaries,
 * data, references, all to cells of the run), so another BOC holding the same bytes at the same cell index,
 * with the same reference size, holds the same cells: `readBoc` takes their descriptors over from the run
 * instead of parsing them again (they passed every check then, and each check depends only on those bytes, the
 * cell index and the reference size), and the CRC over them from the run's CRC register. Exact, never a guess:
 * the bytes are compared, not a digest of them.
 */
export interface RunEntry {
  readonly first: number;
  readonly count: number;
  readonly refSize: number;
  readonly length: number;
  readonly bytes: Buffer;
  /** The run's `cells` slots, data and descriptor offsets relative to the run's first byte. */
  readonly table: Int32Array;
  /** CRC-32C register of the bytes fed from 0 (`crc32cUpdate(0, bytes)`), and their `crc32cShift`. */
  readonly crc: number;
  readonly crcShift: number;
  /** `probe` of the bytes: a cheap first comparison. */
  readonly probe: number;
  readonly value: Buffer;
}

/** A run found in one BOC: `at` is the byte offset of its first descriptor there. */
export interface KnownRun {
  readonly entry: RunEntry;
  readonly at: number;
}

/** Runs are looked up by the index of their first cell; only the first indexes below this limit are kept. */
const RUN_FIRST_LIMIT = 1 << 16;
/**
 * Bytes of runs kept (their bytes and descriptors), and runs kept per first index, the oldest dropped first:
 * contract code sits at the same index in every upload, so the chain holds every code in use (bounded for
 * crafted inputs).
 */
const RUN_BYTES = 4 << 20;
const RUN_CHAIN = 32;
const runsByFirst = new Map<number, RunEntry[]>();
/** Non-zero at the first indexes `runsByFirst` holds: the per-cell check of `readBoc` reads only this. */
const runFlags = new Uint8Array(RUN_FIRST_LIMIT);
let runBytes = 0;

function matchRun(
  buf: Buffer,
  first: number,
  at: number,
  dataTo: number,
  refSize: number,
  cells: number,
): RunEntry | null {
  const chain = runsByFirst.get(first);
  if (chain === undefined) return null;
  for (const e of chain) {
    if (e.refSize !== refSize || first + e.count > cells || at + e.length > dataTo) continue;
    // Runs at one index often start alike (the same compiler's prologue): two probes first, then every byte.
    if (probe(buf, at, e.length) !== e.probe) continue;
    if (buf.compare(e.bytes, 0, e.length, at, at + e.length) === 0) return e;
  }
  return null;
}

/** Two bytes from the middle and two from the end of the `length` bytes at `at`, as one number. */
function probe(buf: Buffer, at: number, length: number): number {
  const mid = at + (length >> 1);
  const end = at + length;
  return (
    buf[mid]! * 0x1000000 +
    buf[mid + 1 < end ? mid + 1 : mid]! * 0x10000 +
    buf[end - 2 >= at ? end - 2 : at]! * 256 +
    buf[end - 1]!
  );
}

function copyRun(table: Int32Array, e: RunEntry, first: number, at: number): void {
  const base = first * CELL_STRIDE;
  table.set(e.table, base);
  const end = base + e.count * CELL_STRIDE;
  for (let k = base; k < end; k += CELL_STRIDE) {
    table[k + DATA] = table[k + DATA]! + at;
    table[k + DESC] = table[k + DESC]! + at;
  }
}

/**
 * Remembers cells `first .. first + count - 1` of `boc` with `value` computed from them. The caller
 * guarantees they are a whole tree and nothing else: every reference of one of them is to one of them.
 * Returns the run, also added to `boc.runs`; null when it is not kept (first index out of range).
 */
export function rememberRun(boc: BocCells, first: number, count: number, value: Buffer): RunEntry | null {
  if (first >= RUN_FIRST_LIMIT || count <= 0 || first + count > boc.count) return null;
  const at = descriptorOf(boc, first);
  const length = descriptorOf(boc, first + count) - at;
  const size = length + count * CELL_STRIDE * 8;
  if (size > RUN_BYTES) return null;
  if (runBytes + size > RUN_BYTES) forgetRuns();
  const bytes = Buffer.from(boc.buf.subarray(at, at + length));
  const table = boc.cells.slice(first * CELL_STRIDE, (first + count) * CELL_STRIDE);
  for (let k = 0; k < table.length; k += CELL_STRIDE) {
    table[k + DATA] = table[k + DATA]! - at;
    table[k + DESC] = table[k + DESC]! - at;
  }
  const entry: RunEntry = {
    first,
    count,
    refSize: boc.refSize,
    length,
    bytes,
    table,
    crc: crc32cUpdate(0, bytes, 0, length),
    crcShift: crc32cShift(length),
    probe: probe(bytes, 0, length),
    value,
  };
  let chain = runsByFirst.get(first);
  if (chain === undefined) {
    chain = [];
    runsByFirst.set(first, chain);
    runFlags[first] = 1;
  } else if (chain.length >= RUN_CHAIN) {
    const e = chain.shift()!;
    runBytes -= e.length + e.count * CELL_STRIDE * 8;
  }
  chain.push(entry);
  runBytes += size;
  (boc.runs ??= []).push({ entry, at });
  return entry;
}

/** Runs remembered (tests). */
export function rememberedRuns(): number {
  let n = 0;
  for (const chain of runsByFirst.values()) n += chain.length;
  return n;
}

/** Forgets every remembered run. */
export function forgetRuns(): void {
  for (const first of runsByFirst.keys()) runFlags[first] = 0;
  runsByFirst.clear();
  runBytes = 0;
}
