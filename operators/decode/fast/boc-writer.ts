/**
 * Writes a cell of a parsed BOC (or the tail of one) as a standalone BOC, byte for byte what @ton/core's
 * `Cell.toBoc` writes for the same cell: identical subtrees stored once, cells in the order of a depth-first
 * walk that visits references last-to-first (reversed post-order), generic magic, no cache bits, minimal
 * size fields, CRC-32C when asked. Identical subtrees are recognised by content (bits and children), which
 * for ordinary cells is what equal hashes mean, so nothing has to be hashed.
 */
import {
  bitLengthOf,
  bitsDescriptor,
  canonicalData,
  dataStartOf,
  refCountOf,
  refSlotOf,
} from './boc-reader.js';
import type { CellView } from './cell-slice.js';
import { crc32c } from './crc32c.js';

interface Node {
  data: Buffer;
  bits: number;
  children: number[];
}

function bytesFor(n: number): number {
  return Math.max(Math.ceil(n.toString(2).length / 8), 1);
}

export function viewToBoc(view: CellView, opts: { idx: boolean; crc32: boolean }): Buffer {
  if (view.refEnd === view.refStart) return leafToBoc(view, opts);
  const { boc } = view;
  // Cells reachable from the view; references always point to later cells, so walking the indexes downwards
  // meets every child before its parents.
  const reachable = new Set<number>();
  const stack: number[] = [];
  for (let r = view.refStart; r < view.refEnd; r++) stack.push(boc.cells[r]!);
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (reachable.has(c)) continue;
    reachable.add(c);
    for (let r = 0; r < refCountOf(boc, c); r++) stack.push(boc.cells[refSlotOf(c) + r]!);
  }
  const nodes: Node[] = [];
  const nodeByKey = new Map<string, number>();
  const nodeOfCell = new Map<number, number>();
  const intern = (data: Buffer, bits: number, children: number[]): number => {
    const key = `${bits}:${data.toString('hex')}:${children.join(',')}`;
    let id = nodeByKey.get(key);
    if (id === undefined) {
      id = nodes.length;
      nodes.push({ data, bits, children });
      nodeByKey.set(key, id);
    }
    return id;
  };
  for (const c of [...reachable].sort((a, b) => b - a)) {
    const children: number[] = [];
    for (let r = 0; r < refCountOf(boc, c); r++) children.push(nodeOfCell.get(boc.cells[refSlotOf(c) + r]!)!);
    const bits = bitLengthOf(boc, c);
    nodeOfCell.set(c, intern(canonicalData(boc.buf, dataStartOf(boc, c) * 8, bits), bits, children));
  }
  const rootChildren: number[] = [];
  for (let r = view.refStart; r < view.refEnd; r++) rootChildren.push(nodeOfCell.get(boc.cells[r]!)!);
  const rootBits = view.bitEnd - view.bitStart;
  // The root is never equal to one of its own descendants, so it gets its own node.
  const root = nodes.length;
  nodes.push({
    data: canonicalData(boc.buf, view.bitStart, rootBits),
    bits: rootBits,
    children: rootChildren,
  });

  // Post-order with children visited last-to-first, then reversed: the root comes first.
  const postOrder: number[] = [];
  const done = new Uint8Array(nodes.length);
  const frames: { id: number; next: number }[] = [{ id: root, next: nodes[root]!.children.length - 1 }];
  done[root] = 1;
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    if (frame.next >= 0) {
      const child = nodes[frame.id]!.children[frame.next--]!;
      if (!done[child]) {
        done[child] = 1;
        frames.push({ id: child, next: nodes[child]!.children.length - 1 });
      }
      continue;
    }
    postOrder.push(frame.id);
    frames.pop();
  }
  const order = postOrder.reverse();
  const indexOf = new Map<number, number>();
  order.forEach((id, i) => indexOf.set(id, i));

  const cellsNum = order.length;
  const sizeBytes = bytesFor(cellsNum);
  let totalCellSize = 0;
  const ends: number[] = [];
  for (const id of order) {
    const n = nodes[id]!;
    totalCellSize += 2 + n.data.length + n.children.length * sizeBytes;
    ends.push(totalCellSize);
  }
  const offsetBytes = bytesFor(totalCellSize);
  const total =
    4 +
    1 +
    1 +
    3 * sizeBytes +
    offsetBytes +
    sizeBytes +
    (opts.idx ? cellsNum * offsetBytes : 0) +
    totalCellSize;
  const out = Buffer.alloc(total + (opts.crc32 ? 4 : 0));
  let p = 0;
  const writeUint = (v: number, bytes: number) => {
    for (let i = bytes - 1; i >= 0; i--) {
      out[p + i] = v & 0xff;
      v = Math.floor(v / 256);
    }
    p += bytes;
  };
  writeUint(0xb5ee9c72, 4);
  out[p++] = (opts.idx ? 0x80 : 0) | (opts.crc32 ? 0x40 : 0) | sizeBytes;
  out[p++] = offsetBytes;
  writeUint(cellsNum, sizeBytes);
  writeUint(1, sizeBytes); // roots
  writeUint(0, sizeBytes); // absent
  writeUint(totalCellSize, offsetBytes);
  writeUint(0, sizeBytes); // root index
  if (opts.idx) for (const end of ends) writeUint(end, offsetBytes);
  for (const id of order) {
    const n = nodes[id]!;
    out[p++] = n.children.length;
    out[p++] = bitsDescriptor(n.bits);
    n.data.copy(out, p);
    p += n.data.length;
    for (const child of n.children) writeUint(indexOf.get(child)!, sizeBytes);
  }
  if (opts.crc32) out.writeUInt32LE(crc32c(out, 0, total), total);
  return out;
}

/** The common case of a body without references: one cell, no ordering or sharing to work out. */
function leafToBoc(view: CellView, opts: { idx: boolean; crc32: boolean }): Buffer {
  const bits = view.bitEnd - view.bitStart;
  const dataBytes = (bits + 7) >> 3;
  const cellSize = 2 + dataBytes;
  const offsetBytes = cellSize > 255 ? 2 : 1;
  // magic, flags, offset size, 3 counts and the root index of one byte each, the data size
  const header = 4 + 1 + 1 + 3 + offsetBytes + 1;
  const total = header + (opts.idx ? offsetBytes : 0) + cellSize;
  // Every byte is written below.
  const out = Buffer.allocUnsafe(total + (opts.crc32 ? 4 : 0));
  out.writeUInt32BE(0xb5ee9c72, 0);
  out[4] = (opts.idx ? 0x80 : 0) | (opts.crc32 ? 0x40 : 0) | 1;
  out[5] = offsetBytes;
  out[6] = 1; // cells
  out[7] = 1; // roots
  out[8] = 0; // absent
  let p = 9;
  if (offsetBytes === 2) out.writeUInt16BE(cellSize, p);
  else out[p] = cellSize;
  p += offsetBytes;
  out[p++] = 0; // root index
  if (opts.idx) {
    if (offsetBytes === 2) out.writeUInt16BE(cellSize, p);
    else out[p] = cellSize;
    p += offsetBytes;
  }
  out[p++] = 0;
  out[p++] = bitsDescriptor(bits);
  canonicalData(view.boc.buf, view.bitStart, bits).copy(out, p);
  if (opts.crc32) out.writeUInt32LE(crc32c(out, 0, total), total);
  return out;
}
