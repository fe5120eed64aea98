/**
 * Standard TON bounce body: `0xFFFFFFFF` followed by the first 256 bits of the original body and no refs
 * (spec §1.3). The original op is readable when at least 32 bits survived.
 */
import { Builder, Slice } from '@ton/core';
import { LayoutError } from './codec.js';

export const BOUNCE_OP = 0xffffffff;

export interface BouncedBody {
  /** Op of the message this contract sent and that came back; null if the original body was shorter than 32 bits. */
  originalOp: number | null;
  /** The rest of the surviving original bits, hex (may end in a partial byte: `bits` says how many). */
  originalTailHex: string;
  originalTailBits: number;
}

export function loadBouncedBody(slice: Slice): BouncedBody {
  try {
    const prefix = slice.loadUint(32);
    if (prefix !== BOUNCE_OP)
      throw new LayoutError('op', `bounce body must start with 0xffffffff, got 0x${prefix.toString(16)}`);
    const originalOp = slice.remainingBits >= 32 ? slice.loadUint(32) : null;
    const originalTailBits = slice.remainingBits;
    const originalTailHex = slice.loadBits(originalTailBits).toString();
    return { originalOp, originalTailHex, originalTailBits };
  } catch (err) {
    if (err instanceof LayoutError) throw err;
    throw new LayoutError('bounced', err instanceof Error ? err.message : String(err));
  }
}

/** Bounce body as the network builds it: prefix, the original op, then up to 224 more original bits. */
export function storeBouncedBody(originalOp: number, originalTail: Buffer = Buffer.alloc(0)) {
  return (builder: Builder) => {
    builder.storeUint(BOUNCE_OP, 32).storeUint(originalOp, 32).storeBuffer(originalTail.subarray(0, 28));
  };
}
