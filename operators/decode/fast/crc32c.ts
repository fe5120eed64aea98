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
  let crc = -1;
  let i = start;
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
  return (crc ^ -1) >>> 0;
}
