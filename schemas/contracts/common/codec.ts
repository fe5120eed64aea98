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

export interface Codec<T> {
  load(slice: Slice, path: string): T;
  store(builder: Builder, value: T, path: string): void;
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
  if (value < 0n || value >= 1n << BigInt(bits)) throw new LayoutError(path, `value ${value} does not fit in u${bits}`);
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
  };
}

/** One bit as a boolean (`u1` flags). */
export const bool: Codec<boolean> = {
  load: (s, path) => guarded(path, () => s.loadBit()),
  store: (b, v) => {
    b.storeBit(v);
  },
};

/** VarUInteger 16 (`store_coins`): nanoTON amounts. */
export const coins: Codec<bigint> = {
  load: (s, path) => guarded(path, () => s.loadCoins()),
  store: (b, v, path) => {
    if (v < 0n || v >= 1n << 120n) throw new LayoutError(path, `coins value ${v} out of range`);
    b.storeCoins(v);
  },
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
      if (!Address.isAddress(a)) throw new LayoutError(path, 'expected addr_std or addr_none, got addr_extern');
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
};

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
      const cell = beginCell().storeSlice(s).endCell();
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
      for (const [name, codec] of entries) codec.store(b, (v as Record<string, unknown>)[name], path ? `${path}.${name}` : name);
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
}

export function message<F extends Fields>(op: number, name: string, form: BodyForm, fields: F): MessageCodec<StructValue<F>> {
  const layout = struct(fields);
  const payload: Codec<StructValue<F>> = form === 'ref' ? ref(layout) : layout;
  return {
    op,
    name,
    form,
    load(slice) {
      const got = guarded('op', () => slice.loadUint(32));
      if (got !== op) throw new LayoutError('op', `expected op 0x${op.toString(16)}, got 0x${got.toString(16)}`);
      return payload.load(slice, '');
    },
    store: (value) => (builder) => {
      builder.storeUint(op, 32);
      payload.store(builder, value, '');
    },
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
}

export function log<F extends Fields>(id: number, name: string, fields: F): LogCodec<StructValue<F>> {
  const layout = struct(fields);
  return {
    id,
    name,
    load: (slice) => layout.load(slice, ''),
    store: (value) => (builder) => layout.store(builder, value, ''),
  };
}

