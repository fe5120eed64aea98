/**
 * The zero-copy cell hasher against @ton/core's `cell.hash()`: random cell trees built with `beginCell()`
 * (every bit length, up to four references, shared subtrees, deep chains), tails of cells, the memo of
 * repeated trees, and every cell of every transaction of the emulator corpus (code uploads included).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { BitString, beginCell, Cell } from '@ton/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS_TRANSACTIONS, corpusPresent } from '../../../test/corpus/corpus-kinds.js';
import { MalformedBoc, NeedsReference, readBoc, type BocCells } from './boc-reader.js';
import {
  bocRootHashHex,
  cellHash,
  cellHashMemo,
  cellHashMemoSize,
  hashView,
  resetCellHashMemo,
  rootHash,
  sha256,
} from './cell-hash.js';
import { CellView } from './cell-slice.js';
import { crc32c, crc32cShift, crc32cSkip, crc32cUpdate } from './crc32c.js';

interface Shape {
  bits: number;
  data: Uint8Array;
  refs: readonly Shape[];
  /** Reference the first child twice (a DAG, serialised once). */
  share: boolean;
}

const bitLength = fc.oneof(
  fc.constantFrom(0, 1, 7, 8, 9, 31, 32, 33, 255, 256, 257, 1015, 1016, 1017, 1022, 1023),
  fc.integer({ min: 0, max: 1023 }),
);

const shape: fc.Arbitrary<Shape> = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.record({
    bits: bitLength,
    data: fc.uint8Array({ minLength: 128, maxLength: 128 }),
    refs: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant([]),
      fc.array(tie('node'), { maxLength: 4 }),
    ),
    share: fc.boolean(),
  }),
})).node;

function build(s: Shape): Cell {
  const b = beginCell().storeBits(new BitString(Buffer.from(s.data), 0, s.bits));
  const refs = s.refs.map(build);
  if (s.share && refs.length >= 2) refs[1] = refs[0]!;
  for (const r of refs) b.storeRef(r);
  return b.endCell();
}

const bocOptions = fc.record({ idx: fc.boolean(), crc32: fc.boolean() });

/** Every cell reachable from `view`, paired with the @ton/core cell it stands for. */
function* pairs(boc: BocCells, view: CellView, cell: Cell): Generator<[CellView, Cell]> {
  yield [view, cell];
  for (let r = 0; r < view.refCount; r++)
    yield* pairs(boc, CellView.whole(boc, view.refAt(r)), cell.refs[r]!);
}

const hex = (b: Buffer) => b.toString('hex');

afterEach(() => resetCellHashMemo(true));

describe('sha256 (plain JavaScript)', () => {
  it('matches node:crypto at every length around the block boundaries and on random data', () => {
    for (let n = 0; n <= 300; n++) {
      const data = Buffer.alloc(n, n & 0xff);
      expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (data) => {
        expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('cell hashes of random trees', () => {
  it('equal @ton/core for every cell, through the memo and without it', () => {
    fc.assert(
      fc.property(shape, bocOptions, fc.boolean(), (s, opts, memo) => {
        resetCellHashMemo(memo);
        const cell = build(s);
        const boc = readBoc(cell.toBoc(opts));
        expect(hex(rootHash(boc))).toBe(hex(cell.hash()));
        for (const [view, c] of pairs(boc, CellView.whole(boc, boc.root), cell)) {
          expect(hex(view.hash())).toBe(hex(c.hash()));
          expect(hex(cellHash(boc, view.cell))).toBe(hex(c.hash()));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('equal @ton/core for the tail of a cell (an inline message body), at any bit and reference offset', () => {
    fc.assert(
      fc.property(shape, fc.nat(), fc.nat(), (s, bitsAt, refsAt) => {
        const cell = build(s);
        const boc = readBoc(cell.toBoc({ idx: false }));
        const skipBits = bitsAt % (cell.bits.length + 1);
        const skipRefs = refsAt % (cell.refs.length + 1);
        const slice = cell.beginParse();
        slice.skip(skipBits);
        for (let r = 0; r < skipRefs; r++) slice.loadRef();
        const want = beginCell().storeSlice(slice).endCell().hash();
        const whole = CellView.whole(boc, boc.root);
        const tail = new CellView(
          boc,
          -1,
          whole.bitStart + skipBits,
          whole.bitEnd,
          whole.refStart + skipRefs,
          whole.refEnd,
        );
        expect(hex(tail.hash())).toBe(hex(want));
        expect(hex(hashView(boc, tail.bitStart, tail.bitEnd, tail.refStart, tail.refEnd))).toBe(hex(want));
      }),
      { numRuns: 300 },
    );
  });

  it('equal @ton/core on deep chains (depths above 255 take both depth bytes)', () => {
    let cell = beginCell().storeUint(1, 1).endCell();
    for (let i = 0; i < 600; i++)
      cell = beginCell()
        .storeUint(i, 16)
        .storeRef(cell)
        .storeRef(
          beginCell()
            .storeUint(i % 2, (i % 300) + 1)
            .endCell(),
        )
        .endCell();
    const boc = readBoc(cell.toBoc({ idx: false }));
    expect(hex(rootHash(boc))).toBe(hex(cell.hash()));
    expect(hex(cellHashMemo(boc, boc.root))).toBe(hex(cell.hash()));
    expect(hex(cellHashMemo(boc, boc.root))).toBe(hex(cell.hash()));
  });

  it('hashes a base64 BOC, or answers null for one outside the reader (exotic cells)', () => {
    const cell = beginCell().storeUint(5, 8).storeRef(beginCell().storeUint(6, 8)).endCell();
    expect(bocRootHashHex(cell.toBoc().toString('base64'))).toBe(hex(cell.hash()));
    const library = beginCell().storeUint(2, 8).storeBuffer(Buffer.alloc(32, 7)).endCell({ exotic: true });
    const boc = beginCell().storeRef(library).endCell().toBoc().toString('base64');
    expect(() => readBoc(Buffer.from(boc, 'base64'))).toThrow(NeedsReference);
    expect(bocRootHashHex(boc)).toBeNull();
    expect(bocRootHashHex('not a BOC')).toBeNull();
  });
});

describe('memo of repeated trees', () => {
  /** `tree` as the first reference of a root with other content, as a code cell sits in a transaction. */
  function embedded(tree: Cell, salt: number): { boc: BocCells; at: number } {
    const root = beginCell()
      .storeUint(salt, 32)
      .storeRef(tree)
      .storeRef(beginCell().storeUint(salt, 64))
      .endCell();
    const boc = readBoc(root.toBoc({ idx: false }));
    return { boc, at: CellView.whole(boc, boc.root).refAt(0) };
  }

  it('never answers a tree with the hash of another one, and answers repeats exactly', () => {
    resetCellHashMemo(true);
    fc.assert(
      fc.property(fc.array(shape, { minLength: 1, maxLength: 6 }), fc.nat(), (shapes, salt) => {
        const trees = shapes.map(build);
        // Each tree twice, in two different BOCs: the second time is a memo hit when the tree is one run.
        for (const round of [0, 1])
          for (const tree of trees) {
            const { boc, at } = embedded(tree, salt + round);
            expect(hex(cellHashMemo(boc, at))).toBe(hex(tree.hash()));
          }
      }),
      { numRuns: 200 },
    );
  });

  it('tells apart trees of the same size that differ in one bit or in one reference', () => {
    resetCellHashMemo(true);
    const leaf = (v: number) => beginCell().storeUint(v, 32).endCell();
    const a = beginCell().storeUint(1, 32).storeRef(leaf(1)).storeRef(leaf(2)).endCell();
    const b = beginCell().storeUint(1, 32).storeRef(leaf(1)).storeRef(leaf(3)).endCell();
    const c = beginCell().storeUint(1, 32).storeRef(leaf(2)).storeRef(leaf(1)).endCell();
    for (const tree of [a, b, c, a, c, b]) {
      const { boc, at } = embedded(tree, 9);
      expect(hex(cellHashMemo(boc, at))).toBe(hex(tree.hash()));
    }
    // One entry per tree: the repeats were answered from the memo.
    expect(cellHashMemoSize()).toBe(3);
    resetCellHashMemo(false);
    const { boc, at } = embedded(a, 9);
    expect(hex(cellHashMemo(boc, at))).toBe(hex(a.hash()));
    expect(cellHashMemoSize()).toBe(0);
  });

  it('reads a BOC holding a remembered run like any other: same cells, same CRC check', () => {
    resetCellHashMemo(true);
    const leaf = (v: number) => beginCell().storeUint(v, 32).endCell();
    const code = beginCell()
      .storeUint(7, 40)
      .storeRef(leaf(1))
      .storeRef(beginCell().storeRef(leaf(2)))
      .endCell();
    const bocOf = (salt: number) =>
      beginCell().storeUint(salt, 32).storeRef(code).storeRef(leaf(salt)).endCell().toBoc({ idx: false });
    const first = readBoc(bocOf(100));
    const at = CellView.whole(first, first.root).refAt(0);
    expect(hex(cellHashMemo(first, at))).toBe(hex(code.hash()));
    const again = bocOf(200);
    const fresh = (() => {
      resetCellHashMemo(false);
      const b = readBoc(again);
      resetCellHashMemo(true);
      return b;
    })();
    expect(hex(cellHashMemo(readBoc(bocOf(100)), at))).toBe(hex(code.hash()));
    const skipped = readBoc(again);
    expect(skipped.runs?.length).toBe(1);
    expect([...skipped.cells]).toEqual([...fresh.cells]);
    expect(skipped.end).toBe(fresh.end);
    expect(hex(cellHashMemo(skipped, at))).toBe(hex(code.hash()));
    expect(hex(rootHash(skipped))).toBe(hex(rootHash(fresh)));
    // A flipped CRC byte, or a flipped byte anywhere (inside the run too), still fails the CRC check.
    for (let i = 0; i < again.length; i++) {
      const bad = Buffer.from(again);
      bad[i]! ^= 1;
      if (i < 6) continue; // the header: other errors
      expect(() => readBoc(bad)).toThrow(MalformedBoc);
    }
  });

  it('computes CRC-32C as a bit-at-a-time reference does, at every length and alignment', () => {
    const reference = (bytes: Uint8Array): number => {
      let c = 0xffffffff;
      for (const byte of bytes) {
        c ^= byte;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(7), (bytes, shift) => {
        // A view at an odd offset of a larger buffer: the word loop must handle any alignment.
        const backing = Buffer.alloc(bytes.length + 8);
        backing.set(bytes, shift);
        const view = backing.subarray(shift, shift + bytes.length);
        expect(crc32c(view)).toBe(reference(bytes));
      }),
      { numRuns: 400 },
    );
  });

  it('skips known bytes in the CRC exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(), fc.nat(), (bytes, x, y) => {
        const a = x % (bytes.length + 1);
        const b = a + (y % (bytes.length - a + 1));
        let crc = crc32cUpdate(-1, bytes, 0, a);
        crc = crc32cSkip(crc, crc32cShift(b - a), crc32cUpdate(0, bytes, a, b));
        crc = crc32cUpdate(crc, bytes, b, bytes.length);
        expect((crc ^ -1) >>> 0).toBe(crc32c(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('hashes a tree that shares cells with the rest of its BOC (not one run) correctly', () => {
    resetCellHashMemo(true);
    const shared = beginCell().storeUint(0xabcdef, 24).endCell();
    const tree = beginCell().storeUint(1, 8).storeRef(shared).endCell();
    const root = beginCell().storeRef(tree).storeRef(beginCell().storeRef(shared)).storeRef(shared).endCell();
    const boc = readBoc(root.toBoc({ idx: false }));
    const at = CellView.whole(boc, boc.root).refAt(0);
    for (let i = 0; i < 3; i++) expect(hex(cellHashMemo(boc, at))).toBe(hex(tree.hash()));
    expect(cellHashMemoSize()).toBe(0);
  });
});

const present = corpusPresent();

(present ? describe : describe.skip)('emulator corpus (../shared/corpus/transactions.jsonl.gz)', () => {
  it('hashes every cell of every transaction as @ton/core does, code uploads included', async () => {
    const lines = createInterface({
      input: createReadStream(CORPUS_TRANSACTIONS).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    let transactions = 0;
    let cells = 0;
    for await (const line of lines) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { hash: string; boc: string };
      const buf = Buffer.from(row.boc, 'base64');
      let boc: BocCells;
      try {
        boc = readBoc(buf);
      } catch (err) {
        if (err instanceof NeedsReference) continue;
        throw err;
      }
      const cell = Cell.fromBoc(buf)[0]!;
      expect(hex(rootHash(boc))).toBe(row.hash.toLowerCase());
      for (const [view, c] of pairs(boc, CellView.whole(boc, boc.root), cell)) {
        expect(hex(view.hash())).toBe(hex(c.hash()));
        cells++;
      }
      transactions++;
    }
    expect(transactions).toBeGreaterThan(1000);
    expect(cells).toBeGreaterThan(transactions);
  }, 120_000);
});
