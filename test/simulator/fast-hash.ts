/**
 * Opt-in speed-up for bulk generation: @ton/core hashes every new cell with a pure-JavaScript SHA-256
 * (`@ton/crypto` → jssha). `useNativeCellHashing()` points that function at node:crypto, which returns the same
 * digests much faster. It changes the process-wide behaviour of @ton/core (same results, different speed), so
 * it is never switched on implicitly: benchmarks that measure @ton/core's own decode rate must not call it.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Sha256Module {
  sha256_sync: (source: Buffer | string) => Buffer;
}

let original: Sha256Module['sha256_sync'] | null = null;

function sha256Module(): Sha256Module {
  const resolved = require.resolve('@ton/crypto');
  return require(resolved.replace(/index\.js$/, 'primitives/sha256.js')) as Sha256Module;
}

/** Routes @ton/core's cell hashing through node:crypto. Returns whether it is active. */
export function useNativeCellHashing(): boolean {
  const mod = sha256Module();
  if (original === null) original = mod.sha256_sync;
  mod.sha256_sync = (source) =>
    createHash('sha256')
      .update(typeof source === 'string' ? Buffer.from(source, 'utf8') : source)
      .digest();
  return true;
}

/** Restores the library's own SHA-256. */
export function restoreCellHashing(): void {
  if (original === null) return;
  sha256Module().sha256_sync = original;
  original = null;
}
