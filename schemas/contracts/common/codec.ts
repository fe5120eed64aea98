/**
 * A small layout language for contract message bodies. A layout is a `Codec<T>`: `load` reads the value from a
 * slice, `store` writes it to a builder, and both walk the fields in the same order, so every layout written
 * once gives a decode/encode pair that round-trips by construction.
 *
 * Failures while loading (underflow, wrong tag, malformed address) are reported as `LayoutError` carrying the
 * dotted path of the field that failed; the transaction decoder turns it into a `DecodeError`.
 */
import { Address, Builder, Cell, Slice, beginCell } from '@ton/core';

export class LayoutError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'LayoutError';
  }
}

/** Source of randomness for `sample` (returns [0, 1)); tests pass a seeded generator. */
export type Rng = () => number;

export interface Codec<T> {
  load(slice: Slice, path: string): T;
  store(builder: Builder, value: T, path: string): void;
  /** A valid value of this layout, for round-trip and property tests. */
  sample(rng: Rng): T;
}

function randomBig(rng: Rng, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(Math.floor(rng() * 0x10000));
  return v & ((1n << BigInt(bits)) - 1n);
}

/** Favour edge values (0 and max) now and then, so round trips cover the extremes. */
function edgy(rng: Rng, bits: number): bigint {
  const r = rng();
  if (r < 0.1) return 0n;
  if (r < 0.2) return (1n << BigInt(bits)) - 1n;
  return randomBig(rng, bits);
}

export type CodecValue<C> = C extends Codec<infer T> ? T : never;

/** Runs a @ton/core read and reports any failure against `path`. */
function guarded<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof LayoutError) throw err;
    throw new LayoutError(path, err instanceof Error ? err.message : String(err));
  }
}

function checkUint(path: string, value: bigint, bits: number): void {
  if (value < 0n || value >= 1n << BigInt(bits))
    throw new LayoutError(path, `value ${value} does not fit in u${bits}`);
}

/** Unsigned integer of up to 48 bits as a JS number (ids, flags, timestamps, small counters). */
export function uint(bits: number): Codec<number> {
  if (bits > 48) throw new Error(`uint(${bits}): use uintBig for more than 48 bits`);
  return {
    load: (s, path) => guarded(path, () => s.loadUint(bits)),
    store: (b, v, path) => {
      if (!Number.isInteger(v)) throw new LayoutError(path, `value ${v} is not an integer`);
      checkUint(path, BigInt(v), bits);
      b.storeUint(v, bits);
    },
    sample: (rng) => Number(edgy(rng, bits)),
  };
}

/** Unsigned integer as a bigint (u64 policy / transaction ids, u256 keys). */
export function uintBig(bits: number): Codec<bigint> {
  return {
    load: (s, path) => guarded(path, () => s.loadUintBig(bits)),
    store: (b, v, path) => {
      checkUint(path, v, bits);
      b.storeUint(v, bits);
    },
    sample: (rng) => edgy(rng, bits),
  };
}

/** Signed integer of up to 48 bits (coordinates in microdegrees). */
export function int(bits: number): Codec<number> {
  return {
    load: (s, path) => guarded(path, () => s.loadInt(bits)),
    store: (b, v, path) => {
      const limit = 1n << BigInt(bits - 1);
      if (!Number.isInteger(v) || BigInt(v) < -limit || BigInt(v) >= limit) {
        throw new LayoutError(path, `value ${v} does not fit in i${bits}`);
      }
      b.storeInt(v, bits);
    },
    sample: (rng) => Number(edgy(rng, bits) - (1n << BigInt(bits - 1))),
  };
}

/** One bit as a boolean (`u1` flags). */
export const bool: Codec<boolean> = {
  load: (s, path) => guarded(path, () => s.loadBit()),
  store: (b, v) => {
    b.storeBit(v);
  },
  sample: (rng) => rng() < 0.5,
};

/** VarUInteger 16 (`store_coins`): nanoTON amounts. */
export const coins: Codec<bigint> = {
  load: (s, path) => guarded(path, () => s.loadCoins()),
  store: (b, v, path) => {
    if (v < 0n || v >= 1n << 120n) throw new LayoutError(path, `coins value ${v} out of range`);
    b.storeCoins(v);
  },
  sample: (rng) => edgy(rng, Math.floor(rng() * 120) + 1),
};

/**
 * MsgAddress as a raw `wc:hex` string; `addr_none` is `null`. `addr_extern` / `addr_var` never appear in this
 * protocol's message fields and are rejected.
 */
export const address: Codec<string | null> = {
  load: (s, path) =>
    guarded(path, () => {
      const a = s.loadAddressAny();
      if (a === null) return null;
      if (!Address.isAddress(a))
        throw new LayoutError(path, 'expected addr_std or addr_none, got addr_extern');
      return a.toRawString();
    }),
  store: (b, v, path) => {
    if (v === null) {
      b.storeAddress(null);
      return;
    }
    let parsed: Address;
    try {
      parsed = Address.parseRaw(v);
    } catch {
      throw new LayoutError(path, `not a raw address: ${v}`);
    }
    b.storeAddress(parsed);
  },
  sample: (rng) =>
    rng() < 0.1 ? null : `${rng() < 0.8 ? 0 : -1}:${randomBig(rng, 256).toString(16).padStart(64, '0')}`,
};

/** A fixed number of raw bits as lowercase hex (e.g. a 512-bit signature). `bits` must be a multiple of 8. */
export function bitsHex(bits: number): Codec<string> {
  return {
    load: (s, path) => guarded(path, () => s.loadBuffer(bits / 8).toString('hex')),
    store: (b, v, path) => {
      const buf = Buffer.from(v, 'hex');
      if (buf.length * 8 !== bits) throw new LayoutError(path, `expected ${bits / 8} bytes of hex`);
      b.storeBuffer(buf);
    },
    sample: (rng) =>
      randomBig(rng, bits)
        .toString(16)
        .padStart(bits / 4, '0'),
  };
}

/** An opaque child cell (contract code, evidence, policy parameters), as a base64 BOC. */
export const cellRef: Codec<string> = {
  load: (s, path) => guarded(path, () => s.loadRef().toBoc({ idx: false }).toString('base64')),
  store: (b, v, path) => {
    let cell: Cell;
    try {
      cell = Cell.fromBase64(v);
    } catch {
      throw new LayoutError(path, 'not a base64 BOC');
    }
    b.storeRef(cell);
  },
  sample: (rng) => sampleCell(rng),
};

/**
 * A child cell the protocol refers to by its hash (contract code: events report the code hash, not the code).
 * `hash` is computed on load, by the cell itself: @ton/core's `Cell` has it already (it hashes every cell it
 * builds), the fast decoder's `CellView` hashes its tree zero-copy. The BOC is serialised only if read.
 */
export interface HashedCell {
  /** Representation hash, lowercase hex, as @ton/core's `cell.hash()`. */
  readonly hash: string;
  /** The cell as a base64 BOC without index, as `cellRef` gives it. */
  readonly boc: string;
}

/** The `HashedCell` value of `cell` (a @ton/core `Cell`, or a fast-path view with the same two methods). */
export function hashedCell(cell: Pick<Cell, 'hash' | 'toBoc'>): HashedCell {
  const hash = cell.hash().toString('hex');
  let boc: string | undefined;
  return {
    hash,
    get boc() {
      return (boc ??= cell.toBoc({ idx: false }).toString('base64'));
    },
  };
}

/** A child cell read as a `HashedCell`; storing checks that the hash is the BOC's. */
export const hashedCellRef: Codec<HashedCell> = {
  load: (s, path) => guarded(path, () => hashedCell(s.loadRef())),
  store: (b, v, path) => {
    let cell: Cell;
    try {
      cell = Cell.fromBase64(v.boc);
    } catch {
      throw new LayoutError(path, 'not a base64 BOC');
    }
    if (cell.hash().toString('hex') !== v.hash)
      throw new LayoutError(path, `hash ${v.hash} is not the hash of the cell`);
    b.storeRef(cell);
  },
  sample: (rng) => hashedCell(Cell.fromBase64(sampleCell(rng))),
};

function sampleCell(rng: Rng): string {
  const bits = Math.floor(rng() * 200);
  const b = beginCell().storeUint(randomBig(rng, Math.max(bits, 1)), Math.max(bits, 1));
  if (rng() < 0.3) b.storeRef(beginCell().storeUint(randomBig(rng, 32), 32).endCell());
  return b.endCell().toBoc({ idx: false }).toString('base64');
}

/** A child cell whose contents follow `inner` (the "op + ref" style of v3, nested payloads). */
export function ref<T>(inner: Codec<T>): Codec<T> {
  return {
    load: (s, path) => {
      const child = guarded(path, () => s.loadRef().beginParse());
      return inner.load(child, path);
    },
    store: (b, v, path) => {
      const child = beginCell();
      inner.store(child, v, path);
      b.storeRef(child.endCell());
    },
    sample: (rng) => inner.sample(rng),
  };
}

/**
 * Whatever is left of the slice (bits and refs) as a base64 BOC of one cell, or `null` when nothing is left.
 * Used for product-specific tails the receiving contract does not read.
 */
export const rest: Codec<string | null> = {
  load: (s, path) =>
    guarded(path, () => {
      if (s.remainingBits === 0 && s.remainingRefs === 0) return null;
      const cell = beginCell().storeSlice(s.clone()).endCell();
      s.skip(s.remainingBits);
      while (s.remainingRefs > 0) s.loadRef();
      return cell.toBoc({ idx: false }).toString('base64');
    }),
  store: (b, v, path) => {
    if (v === null) return;
    let cell: Cell;
    try {
      cell = Cell.fromBase64(v);
    } catch {
      throw new LayoutError(path, 'not a base64 BOC');
    }
    b.storeSlice(cell.beginParse());
  },
  sample: (rng) => (rng() < 0.3 ? null : sampleCell(rng)),
};

/** A count of `countBits` followed by that many items (PolicyRouter batch registration). */
export function counted<T>(countBits: number, item: Codec<T>): Codec<T[]> {
  return {
    load: (s, path) => {
      const n = guarded(`${path}.count`, () => s.loadUint(countBits));
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(item.load(s, `${path}[${i}]`));
      return out;
    },
    store: (b, v, path) => {
      checkUint(`${path}.count`, BigInt(v.length), countBits);
      b.storeUint(v.length, countBits);
      v.forEach((x, i) => item.store(b, x, `${path}[${i}]`));
    },
    sample: (rng) => Array.from({ length: Math.floor(rng() * 4) }, () => item.sample(rng)),
  };
}

export type Fields = Record<string, Codec<any>>;
export type StructValue<F extends Fields> = { [K in keyof F]: CodecValue<F[K]> };

/** Fields in declaration order. */
export function struct<F extends Fields>(fields: F): Codec<StructValue<F>> {
  const entries = Object.entries(fields);
  return {
    load: (s, path) => {
      const out: Record<string, unknown> = {};
      for (const [name, codec] of entries) out[name] = codec.load(s, path ? `${path}.${name}` : name);
      return out as StructValue<F>;
    },
    store: (b, v, path) => {
      for (const [name, codec] of entries)
        codec.store(b, (v as Record<string, unknown>)[name], path ? `${path}.${name}` : name);
    },
    sample: (rng) => {
      const out: Record<string, unknown> = {};
      for (const [name, codec] of entries) out[name] = codec.sample(rng);
      return out as StructValue<F>;
    },
  };
}

/** How a message carries its fields after the 32-bit op. */
export type BodyForm = 'inline' | 'ref';

/**
 * A message body: `op:u32` then the fields, either inline (v2, v3 user entry points) or in one ref (v3
 * `send_internal_msg`). `load` checks the op; `store(value)` returns a builder writer like @ton/core's storeX.
 */
export interface MessageCodec<T> {
  readonly op: number;
  readonly name: string;
  readonly form: BodyForm;
  load(slice: Slice): T;
  store(value: T): (builder: Builder) => void;
  sample(rng: Rng): T;
}

export function message<F extends Fields>(
  op: number,
  name: string,
  form: BodyForm,
  fields: F,
): MessageCodec<StructValue<F>> {
  const layout = struct(fields);
  const payload: Codec<StructValue<F>> = form === 'ref' ? ref(layout) : layout;
  return {
    op,
    name,
    form,
    load(slice) {
      const got = guarded('op', () => slice.loadUint(32));
      if (got !== op)
        throw new LayoutError('op', `expected op 0x${op.toString(16)}, got 0x${got.toString(16)}`);
      return payload.load(slice, '');
    },
    store: (value) => (builder) => {
      builder.storeUint(op, 32);
      payload.store(builder, value, '');
    },
    sample: (rng) => layout.sample(rng),
  };
}

/**
 * A v2 log payload (`emit_log`): no prefix inside the payload cell; the event id travels in the external
 * destination address. `load` reads the payload cell, `store` writes it.
 */
export interface LogCodec<T> {
  readonly id: number;
  readonly name: string;
  load(slice: Slice): T;
  store(value: T): (builder: Builder) => void;
  sample(rng: Rng): T;
}

export function log<F extends Fields>(id: number, name: string, fields: F): LogCodec<StructValue<F>> {
  const layout = struct(fields);
  return {
    id,
    name,
    load: (slice) => layout.load(slice, ''),
    store: (value) => (builder) => layout.store(builder, value, ''),
    sample: (rng) => layout.sample(rng),
  };
}

/** A body without a 32-bit op (e.g. v2 ClaimsProcessor's verify request: 0 bits + one ref). */
export interface PayloadCodec<T> {
  readonly name: string;
  load(slice: Slice): T;
  store(value: T): (builder: Builder) => void;
  sample(rng: Rng): T;
}

export function payload<F extends Fields>(name: string, fields: F): PayloadCodec<StructValue<F>> {
  const layout = struct(fields);
  return {
    name,
    load: (slice) => layout.load(slice, ''),
    store: (value) => (builder) => layout.store(builder, value, ''),
    sample: (rng) => layout.sample(rng),
  };
}

/** The decoded value type of a message, log or payload codec. */
export type ValueOf<C> = C extends { load(slice: Slice): infer T } ? T : never;
