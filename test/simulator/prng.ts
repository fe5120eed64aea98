/**
 * Seeded pseudo-random numbers for the simulator: sfc32 seeded through a string hash, so any seed (number or
 * text) gives the same sequence on every platform. Nothing here reads the clock or `Math.random`.
 */

function hashSeed(text: string): [number, number, number, number] {
  // xmur3: mixes the seed text into four 32-bit words for sfc32.
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const next = (): number => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return h >>> 0;
  };
  return [next(), next(), next(), next()];
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    [this.a, this.b, this.c, this.d] = hashSeed(`tonstream-simulator:${String(seed)}`);
    // Discard the first outputs: sfc32 needs a few rounds to decorrelate similar seeds.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Uniform bigint in [lo, hi] (inclusive). */
  bigint(lo: bigint, hi: bigint): bigint {
    const span = hi - lo + 1n;
    if (span <= 0n) return lo;
    let r = 0n;
    for (let bits = 0n; 1n << bits < span * 1024n; bits += 32n) r = (r << 32n) | BigInt(this.uint32());
    return lo + (r % span);
  }

  /**
   * Log-uniform nanoTON amount between `minTon` and `maxTon` whole TON, rounded to 0.001 TON: many small
   * amounts, a few large ones, as user amounts are on chain.
   */
  tonAmount(minTon: number, maxTon: number): bigint {
    const x = Math.exp(Math.log(minTon) + this.next() * (Math.log(maxTon) - Math.log(minTon)));
    return BigInt(Math.round(x * 1000)) * 1_000_000n;
  }

  /** One key of `weights`, chosen with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted choice from no entries');
    return last[0];
  }
}
