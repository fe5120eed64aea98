/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as the BOC format uses it, slicing-by-16 over 32-bit
 * words: every transaction BOC of the feed carries one, and a byte-at-a-time loop would cost as much as
 * parsing the BOC (a code upload's BOC is several kilobytes).
 */
import { endianness } from 'node:os';

const POLY = 0x82f63b78;

/**
 * Sixteen 256-entry tables, one after the other: table `t` advances the CRC of a byte by `t` more zero bytes.
 * Int32Array: entries stay small integers for the JIT (Uint32Array values above 2^31 do not).
 */
const T = (() => {
  const t = new Int32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let k = 256; k < 16 * 256; k++) t[k] = (t[k - 256]! >>> 8) ^ t[t[k - 256]! & 0xff]!;
  return t;
})();

/** Words are read in the platform's byte order: the word loop needs a little-endian one. */
const LITTLE_ENDIAN = endianness() === 'LE';

/** CRC-32C of `buf[start, end)` as an unsigned 32-bit number. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  return (crc32cUpdate(-1, buf, start, end) ^ -1) >>> 0;
}

/**
 * The CRC register (int32, no final inversion; start from -1 for the standard CRC-32C) after `buf[start, end)`
 * is fed into `crc`.
 */
export function crc32cUpdate(crc: number, buf: Uint8Array, start: number, end: number): number {
  let i = start;
  if (end - start < 64) {
    // Short runs (a message body's BOC): a word view of the buffer costs more than it saves.
    while (i < end) crc = (crc >>> 8) ^ T[(crc ^ buf[i++]!) & 0xff]!;
    return crc;
  }
  // Bytes up to the first 4-byte-aligned address, then 16 bytes per step as four aligned words.
  while (i < end && ((buf.byteOffset + i) & 3) !== 0) crc = (crc >>> 8) ^ T[(crc ^ buf[i++]!) & 0xff]!;
  const steps = LITTLE_ENDIAN ? (end - i) >> 4 : 0;
  if (steps > 0) {
    const words = new Int32Array(buf.buffer, buf.byteOffset + i, steps * 4);
    for (let w = 0; w < steps * 4; w += 4) {
      const a = crc ^ words[w]!;
      const b = words[w + 1]!;
      const c = words[w + 2]!;
      const d = words[w + 3]!;
      crc =
        T[0xf00 + (a & 0xff)]! ^
        T[0xe00 + ((a >>> 8) & 0xff)]! ^
        T[0xd00 + ((a >>> 16) & 0xff)]! ^
        T[0xc00 + (a >>> 24)]! ^
        T[0xb00 + (b & 0xff)]! ^
        T[0xa00 + ((b >>> 8) & 0xff)]! ^
        T[0x900 + ((b >>> 16) & 0xff)]! ^
        T[0x800 + (b >>> 24)]! ^
        T[0x700 + (c & 0xff)]! ^
        T[0x600 + ((c >>> 8) & 0xff)]! ^
        T[0x500 + ((c >>> 16) & 0xff)]! ^
        T[0x400 + (c >>> 24)]! ^
        T[0x300 + (d & 0xff)]! ^
        T[0x200 + ((d >>> 8) & 0xff)]! ^
        T[0x100 + ((d >>> 16) & 0xff)]! ^
        T[d >>> 24]!;
    }
    i += steps * 16;
  }
  while (i < end) crc = (crc >>> 8) ^ T[(crc ^ buf[i++]!) & 0xff]!;
  return crc;
}

// --- skipping known bytes ------------------------------------------------------------------------------------
//
// Without the initial and final inversions the CRC register is linear over GF(2) in the register and the bytes
// together: feeding bytes S of length n into register R gives `R·x^(8n) mod P` xor the register S alone gives
// from 0 (as zlib's crc32_combine uses it). So bytes whose register-from-0 is known (`crc32cUpdate(0, S)`) are
// skipped with one multiplication by `crc32cShift(n)` instead of being read: `crc32cSkip`.

/** `a·b mod P`, polynomials in the reflected bit order of the register (x^0 is bit 31). */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p | 0;
}

/** `x^(2^k) mod P` for k < 32. */
const X2N = (() => {
  const t = new Int32Array(32);
  let p = 0x40000000; // x^1
  t[0] = p;
  for (let k = 1; k < 32; k++) t[k] = p = multModP(p, p);
  return t;
})();

/** `x^(8n) mod P`: what feeding `n` zero bytes multiplies the register by. */
export function crc32cShift(n: number): number {
  let p = 0x80000000 | 0; // x^0
  for (let k = 3; n > 0; n = Math.floor(n / 2), k++) if (n % 2 === 1) p = multModP(X2N[k & 31]!, p);
  return p;
}

/** The register after bytes whose register-from-0 is `bytesCrc` and whose `crc32cShift` is `shift`. */
export function crc32cSkip(crc: number, shift: number, bytesCrc: number): number {
  return multModP(shift, crc) ^ bytesCrc;
}
