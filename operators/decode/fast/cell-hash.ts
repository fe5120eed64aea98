/**
 * Representation hashes of cells read by the zero-copy BOC reader, without building @ton/core cells.
 *
 * For an ordinary cell of level 0 (TVM whitepaper §3.1.4-3.1.5):
 *
 *     repr  = d1 d2 || data completed with a 1 bit and zeros to a whole byte
 *             || depth of each reference (16-bit big-endian) || hash of each reference
 *     hash  = SHA-256(repr)
 *     d1    = references + 8·exotic + 32·level,  d2 = ceil(bits / 8) + floor(bits / 8)
 *     depth = 0 for a cell without references, else 1 + the largest depth among them
 *
 * That is all this path needs: `readBoc` hands exotic cells (pruned branches, libraries, Merkle proofs and
 * updates) to the reference decoder, and a tree of ordinary cells only has level 0, so every cell hashed here
 * is ordinary with level 0 and its hash equals @ton/core's `cell.hash()`. Hashes a BOC stores (with-hashes
 * descriptors) are skipped by the reader and never trusted: they are recomputed like @ton/core does.
 *
 * Hashing a tree costs one SHA-256 per cell, on at most 2 + 128 + 4·34 = 266 bytes (five blocks). On inputs
 * that short the fixed cost of a call into node:crypto (a Hash object or the one-shot `hash()`, a Buffer for
 * the digest) is about what the compression costs, so a SHA-256 in plain JavaScript over preallocated typed
 * arrays is as fast (measured on the corpus's code cells: 1.2 µs per cell, one-shot `hash()` 1.25 µs,
 * `createHash` 1.45 µs) and allocates nothing per cell; digests stay in a flat scratch array and only the
 * requested one is copied. Trees seen before (contract code uploaded again) are answered by the memo at the
 * end of this module.
 */
import {
  CELL_STRIDE,
  MalformedBoc,
  NeedsReference,
  forgetRuns,
  readBoc,
  rememberRun,
  rememberedRuns,
  type BocCells,
} from './boc-reader.js';

// --- SHA-256 over a preallocated message buffer ----------------------------------------------------------

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** Message schedule. */
const W = new Int32Array(64);
/** Running state of the digest being computed. */
const H = new Int32Array(8);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/**
 * One compression of the 64-byte block at `off` of `m` into `H`. Eight rounds per iteration with the working
 * variables renamed instead of shifted (round k of eight uses them rotated by k).
 */
function compress(m: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (m[j]! << 24) | (m[j + 1]! << 16) | (m[j + 2]! << 8) | m[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    W[i] =
      ((rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) +
        W[i - 7]! +
        (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) +
        W[i - 16]!) |
      0;
  }
  let a = H[0]!;
  let b = H[1]!;
  let c = H[2]!;
  let d = H[3]!;
  let e = H[4]!;
  let f = H[5]!;
  let g = H[6]!;
  let h = H[7]!;
  let t: number;
  for (let i = 0; i < 64; i += 8) {
    t = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) + K[i + 0]! + W[i + 0]!) | 0;
    d = (d + t) | 0;
    h = (t + (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)))) | 0;
    t = (g + (rotr(d, 6) ^ rotr(d, 11) ^ rotr(d, 25)) + (f ^ (d & (e ^ f))) + K[i + 1]! + W[i + 1]!) | 0;
    c = (c + t) | 0;
    g = (t + (rotr(h, 2) ^ rotr(h, 13) ^ rotr(h, 22)) + ((h & a) | (b & (h | a)))) | 0;
    t = (f + (rotr(c, 6) ^ rotr(c, 11) ^ rotr(c, 25)) + (e ^ (c & (d ^ e))) + K[i + 2]! + W[i + 2]!) | 0;
    b = (b + t) | 0;
    f = (t + (rotr(g, 2) ^ rotr(g, 13) ^ rotr(g, 22)) + ((g & h) | (a & (g | h)))) | 0;
    t = (e + (rotr(b, 6) ^ rotr(b, 11) ^ rotr(b, 25)) + (d ^ (b & (c ^ d))) + K[i + 3]! + W[i + 3]!) | 0;
    a = (a + t) | 0;
    e = (t + (rotr(f, 2) ^ rotr(f, 13) ^ rotr(f, 22)) + ((f & g) | (h & (f | g)))) | 0;
    t = (d + (rotr(a, 6) ^ rotr(a, 11) ^ rotr(a, 25)) + (c ^ (a & (b ^ c))) + K[i + 4]! + W[i + 4]!) | 0;
    h = (h + t) | 0;
    d = (t + (rotr(e, 2) ^ rotr(e, 13) ^ rotr(e, 22)) + ((e & f) | (g & (e | f)))) | 0;
    t = (c + (rotr(h, 6) ^ rotr(h, 11) ^ rotr(h, 25)) + (b ^ (h & (a ^ b))) + K[i + 5]! + W[i + 5]!) | 0;
    g = (g + t) | 0;
    c = (t + (rotr(d, 2) ^ rotr(d, 13) ^ rotr(d, 22)) + ((d & e) | (f & (d | e)))) | 0;
    t = (b + (rotr(g, 6) ^ rotr(g, 11) ^ rotr(g, 25)) + (a ^ (g & (h ^ a))) + K[i + 6]! + W[i + 6]!) | 0;
    f = (f + t) | 0;
    b = (t + (rotr(c, 2) ^ rotr(c, 13) ^ rotr(c, 22)) + ((c & d) | (e & (c | d)))) | 0;
    t = (a + (rotr(f, 6) ^ rotr(f, 11) ^ rotr(f, 25)) + (h ^ (f & (g ^ h))) + K[i + 7]! + W[i + 7]!) | 0;
    e = (e + t) | 0;
    a = (t + (rotr(b, 2) ^ rotr(b, 13) ^ rotr(b, 22)) + ((b & c) | (d & (b | c)))) | 0;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
  H[5] = (H[5]! + f) | 0;
  H[6] = (H[6]! + g) | 0;
  H[7] = (H[7]! + h) | 0;
}

/**
 * SHA-256 of the first `len` bytes of `m`, written as 32 bytes at `outAt` of `out`. `m` must have room for
 * the padding (up to 72 bytes past `len`): it is padded in place.
 */
function sha256Into(m: Uint8Array, len: number, out: Uint8Array, outAt: number): void {
  H[0] = 0x6a09e667;
  H[1] = 0xbb67ae85 | 0;
  H[2] = 0x3c6ef372;
  H[3] = 0xa54ff53a | 0;
  H[4] = 0x510e527f;
  H[5] = 0x9b05688c | 0;
  H[6] = 0x1f83d9ab;
  H[7] = 0x5be0cd19;
  const total = ((len + 9 + 63) >> 6) << 6;
  m[len] = 0x80;
  for (let i = len + 1; i < total - 4; i++) m[i] = 0;
  const bits = len * 8; // < 2^32: cells are at most 266 bytes
  m[total - 4] = bits >>> 24;
  m[total - 3] = (bits >>> 16) & 0xff;
  m[total - 2] = (bits >>> 8) & 0xff;
  m[total - 1] = bits & 0xff;
  for (let at = 0; at < total; at += 64) compress(m, at);
  for (let i = 0; i < 8; i++) {
    const v = H[i]!;
    const o = outAt + i * 4;
    out[o] = v >>> 24;
    out[o + 1] = (v >>> 16) & 0xff;
    out[o + 2] = (v >>> 8) & 0xff;
    out[o + 3] = v & 0xff;
  }
}

/** SHA-256 of `data` (any length up to 2^29 bytes), for tests of the primitive itself. */
export function sha256(data: Uint8Array): Buffer {
  const total = ((data.length + 9 + 63) >> 6) << 6;
  const m = new Uint8Array(total);
  m.set(data);
  const out = Buffer.allocUnsafe(32);
  sha256Into(m, data.length, out, 0);
  return out;
}

// --- cell trees ----------------------------------------------------------------------------------------------

/** Largest representation (2 + 128 + 4·2 + 4·32 = 266 bytes) plus its padding, rounded to whole blocks. */
const repr = new Uint8Array(320);
/** Per-cell scratch, grown to the largest BOC seen: digests (32 bytes each), depths, reachability marks. */
let digests = new Uint8Array(32 * 64);
let depths = new Uint16Array(64);
let marks = new Uint8Array(64);
const stack: number[] = [];

function ensureCapacity(count: number): void {
  if (marks.length >= count) return;
  const n = Math.max(count, marks.length * 2);
  digests = new Uint8Array(32 * n);
  depths = new Uint16Array(n);
  marks = new Uint8Array(n);
}

/** Lowest and highest index marked by the last `markFrom*` call. */
let markedFirst = 0;
let markedLast = -1;

function mark(c: number): void {
  if (marks[c] === 0) {
    marks[c] = 1;
    stack.push(c);
  }
}

/** Marks every cell reachable from the cells on `stack` (themselves included). */
function markReachable(boc: BocCells): void {
  const table = boc.cells;
  let first = boc.count;
  let last = -1;
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (c < first) first = c;
    if (c > last) last = c;
    const at = c * CELL_STRIDE;
    const n = table[at + 2]!;
    for (let r = 0; r < n; r++) mark(table[at + 3 + r]!);
  }
  markedFirst = first;
  markedLast = last;
}

/**
 * Writes the `bits` bits at absolute bit offset `bitStart` of `buf` to `repr` from byte 2 on, completed with a
 * 1 bit and zeros when `bits % 8 != 0`, and the two descriptor bytes before them. Returns the next free byte.
 */
function writeHead(buf: Buffer, bitStart: number, bits: number, refs: number): number {
  const bytes = (bits + 7) >> 3;
  repr[0] = refs;
  repr[1] = bytes + (bits >> 3);
  const from = bitStart >> 3;
  const shift = bitStart & 7;
  if (shift === 0) {
    for (let k = 0; k < bytes; k++) repr[2 + k] = buf[from + k]!;
  } else {
    for (let k = 0; k < bytes; k++) {
      const next = from + k + 1 < buf.length ? buf[from + k + 1]! : 0;
      repr[2 + k] = (buf[from + k]! << shift) | (next >> (8 - shift));
    }
  }
  const tail = bits & 7;
  if (tail !== 0) repr[1 + bytes] = (repr[1 + bytes]! & (0xff00 >> tail)) | (0x80 >> tail);
  return 2 + bytes;
}

/** Depth of the cell whose references the last `writeRefs` call wrote. */
let lastDepth = 0;

/**
 * Writes the depths, then the digests, of the cells referenced from slots `[slot, slot + refs)` of
 * `boc.cells` to `repr` from byte `p` on (their digests must be computed). Returns the next free byte.
 */
function writeRefs(table: Int32Array, slot: number, refs: number, p: number): number {
  let depth = 0;
  for (let r = 0; r < refs; r++) {
    const d = depths[table[slot + r]!]!;
    repr[p++] = d >> 8;
    repr[p++] = d & 0xff;
    if (d >= depth) depth = d + 1;
  }
  for (let r = 0; r < refs; r++) {
    const from = table[slot + r]! * 32;
    for (let k = 0; k < 32; k++) repr[p++] = digests[from + k]!;
  }
  lastDepth = depth;
  return p;
}

/**
 * Hashes the marked cells, children first, leaving each digest at `digests[32·i]` and each depth at
 * `depths[i]`, and clears the marks. References always point to later cells, so walking the marked cells
 * from the last index down meets every child before its parents.
 */
function hashMarked(boc: BocCells): void {
  const table = boc.cells;
  const buf = boc.buf;
  for (let i = markedLast; i >= markedFirst; i--) {
    if (marks[i] === 0) continue;
    marks[i] = 0;
    const at = i * CELL_STRIDE;
    const n = table[at + 2]!;
    const p = writeRefs(table, at + 3, n, writeHead(buf, table[at]! * 8, table[at + 1]!, n));
    depths[i] = lastDepth;
    sha256Into(repr, p, digests, i * 32);
  }
}

/**
 * Representation hash of the ordinary cell made of the bits `[bitStart, bitEnd)` of `boc.buf` and the
 * references in slots `[refStart, refEnd)` of `boc.cells`: a whole cell of the BOC, or the tail of one (an
 * inline message body). Equals @ton/core's `cell.hash()` for the same cell.
 */
export function hashView(
  boc: BocCells,
  bitStart: number,
  bitEnd: number,
  refStart: number,
  refEnd: number,
): Buffer {
  ensureCapacity(boc.count);
  const refs = refEnd - refStart;
  for (let r = refStart; r < refEnd; r++) mark(boc.cells[r]!);
  markReachable(boc);
  hashMarked(boc);
  const p = writeRefs(boc.cells, refStart, refs, writeHead(boc.buf, bitStart, bitEnd - bitStart, refs));
  const out = Buffer.allocUnsafe(32);
  sha256Into(repr, p, out, 0);
  return out;
}

/** Representation hash of cell `cell` of `boc`, as @ton/core's `cell.hash()` gives it for the same cell. */
export function cellHash(boc: BocCells, cell: number): Buffer {
  ensureCapacity(boc.count);
  mark(cell);
  markReachable(boc);
  hashMarked(boc);
  return Buffer.from(digests.subarray(cell * 32, cell * 32 + 32));
}

/** Representation hash of the root cell: the transaction hash, for a transaction BOC. */
export function rootHash(boc: BocCells): Buffer {
  return cellHash(boc, boc.root);
}

/**
 * Hash of the root cell of a base64 BOC, hex, as @ton/core's `Cell.fromBase64(boc).hash()` gives it, or
 * `null` when the BOC is outside the reader's scope (exotic cells, legacy magics) or malformed, so the caller
 * can fall back to @ton/core.
 */
export function bocRootHashHex(base64: string): string | null {
  let boc: BocCells;
  try {
    boc = readBoc(Buffer.from(base64, 'base64'));
  } catch (err) {
    if (err instanceof MalformedBoc || err instanceof NeedsReference) return null;
    throw err;
  }
  return rootHash(boc).toString('hex');
}

// --- memo for repeated trees -----------------------------------------------------------------------------

/**
 * Hashes of cell trees already seen. A tree costs one SHA-256 per cell (a code cell of 60 cells: tens of
 * microseconds); the same contract code is uploaded again and again (to every sub-factory, at every upgrade),
 * so code cells are hashed through here.
 *
 * Only trees serialised as one run of cells are memoised: the tree's cells are exactly the cells
 * `first .. first + count - 1` of its BOC, as BOC writers lay out a subtree that shares no cell with the rest
 * of the BOC. Such a run is remembered with its hash by the BOC reader (`rememberRun`, `boc-reader.ts`): the
 * run's bytes, with the index of its first cell and the BOC's reference size, determine the tree completely,
 * and `readBoc` recognises them by comparing the bytes exactly, so a BOC holding the same run again lists it in
 * `boc.runs` (its cells not even parsed again) and the hash is answered from there: a hit is exact, never the
 * hash of other content. Other trees are hashed every time. Bounded by the bytes kept.
 */
let memoOn = true;

/** `cellHash`, answered from the memo when the same tree was hashed before. */
export function cellHashMemo(boc: BocCells, cell: number): Buffer {
  if (!memoOn) return cellHash(boc, cell);
  const runs = boc.runs;
  if (runs !== null) {
    for (let r = 0; r < runs.length; r++) {
      const e = runs[r]!.entry;
      if (e.first === cell) return Buffer.from(e.value);
    }
  }
  ensureCapacity(boc.count);
  mark(cell);
  markReachable(boc);
  let run = true;
  for (let i = markedFirst; i <= markedLast && run; i++) run = marks[i] !== 0;
  const last = markedLast;
  hashMarked(boc);
  const hash = Buffer.from(digests.subarray(cell * 32, cell * 32 + 32));
  if (run) rememberRun(boc, cell, last + 1 - cell, Buffer.from(hash));
  return hash;
}

/** Trees the memo holds (tests). */
export function cellHashMemoSize(): number {
  return rememberedRuns();
}

/** Empties the memo and turns it on or off (benchmarks measuring the cost of hashing itself, tests). */
export function resetCellHashMemo(enabled = true): void {
  forgetRuns();
  memoOn = enabled;
}
