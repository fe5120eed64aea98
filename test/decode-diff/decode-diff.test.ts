/**
 * The fast decoder against the reference decoder: on every protocol transaction of the emulator corpus, on
 * synthetic histories, on bodies sampled from every codec of the registry and on simulator output, both must
 * give deep-equal `{ facts, events }` or both a `DecodeError` with the same account, lt, op, field and message
 * part. Property tests feed the fast path random bytes, truncated and bit-flipped BOCs of real transactions:
 * it must return a result or throw `DecodeError` (nothing else, no hang), and still agree with the reference.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { beginCell, Cell, type Builder } from '@ton/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { decodeTransactionFast, type FastDecodeOptions } from '../../operators/decode/fast/index.js';
import { crc32c } from '../../operators/decode/fast/crc32c.js';
import type { RawTransactionInput } from '../../operators/decode/transaction-facts.js';
import {
  ACCOUNT,
  OTHER,
  SENDER,
  bodyCell,
  buildTransaction,
  internalMessage,
  logMessage,
} from '../../operators/decode/transaction-builder.js';
import { DecodeError } from '../../pipelines/runtime/errors.js';
import { storeBouncedBody } from '../../schemas/contracts/common/bounced.js';
import type { Rng } from '../../schemas/contracts/common/codec.js';
import { CONTRACT_KINDS, type ContractKind } from '../../schemas/contracts/kinds.js';
import { contractSpec } from '../../schemas/contracts/registry.js';
import { CORPUS_TRANSACTIONS, corpusKind, corpusPresent, type CorpusRow } from '../corpus/corpus-kinds.js';
import { synthesizeTransactions } from '../toncenter/fixtures.js';

interface Case {
  name: string;
  input: RawTransactionInput;
  kind: ContractKind;
}

type Outcome =
  | { ok: unknown }
  | {
      error: string;
      where?: { account?: string; lt?: string; op?: number | null; field?: string; message?: string };
    };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: run() };
  } catch (err) {
    if (err instanceof DecodeError) return { error: 'DecodeError', where: { ...err.where } };
    return { error: err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err) };
  }
}

const reference = (c: Case): Outcome => outcome(() => decodeTransaction(c.input, c.kind));
const fast = (c: Case, opts?: FastDecodeOptions): Outcome =>
  outcome(() => decodeTransactionFast(c.input, c.kind, opts));

/** Compares all cases; returns the names of those that differ (with the first difference printed). */
function differing(cases: Case[], opts?: FastDecodeOptions): string[] {
  const bad: string[] = [];
  for (const c of cases) {
    const want = reference(c);
    const got = fast(c, opts);
    try {
      expect(got).toEqual(want);
    } catch (err) {
      if (bad.length === 0)
        console.error(`first difference (${c.name}):`, err instanceof Error ? err.message : err);
      bad.push(c.name);
    }
  }
  return bad;
}

/** Deterministic generator (mulberry32) for codec samples. */
function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function readCorpus(): Promise<Case[]> {
  const cases: Case[] = [];
  const lines = createInterface({
    input: createReadStream(CORPUS_TRANSACTIONS).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as CorpusRow;
    const kind = corpusKind(row);
    if (!kind) continue;
    cases.push({
      name: row.tx_uid,
      kind,
      input: { account: row.account, lt: row.lt, hash: row.hash, utime: row.now, boc: row.boc },
    });
  }
  return cases;
}

const present = corpusPresent();
if (!present) {
  console.warn(
    `corpus not found at ${CORPUS_TRANSACTIONS}: corpus differential skipped (it lives beside the repository in ../shared/corpus)`,
  );
}

(present ? describe : describe.skip)('fast vs reference decoder: emulator corpus', () => {
  let cases: Case[] = [];
  beforeAll(async () => {
    cases = await readCorpus();
  }, 120_000);

  it('decodes every protocol transaction of the corpus identically', () => {
    expect(cases.length).toBeGreaterThan(1000);
    expect(differing(cases)).toEqual([]);
    console.info(`decode-diff: ${cases.length} corpus transactions identical`);
  });

  it('keeps each result intact while later transactions are decoded (no view of the reused BOC buffer escapes)', () => {
    // Decode all first, compare afterwards: a value still viewing the decoder's scratch buffer would by now show
    // bytes of a later transaction. JSON with bigints as strings also forces lazy getters.
    const text = (o: Outcome) => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    const kept = cases.map((c) => fast(c));
    const differ = cases.filter((c, i) => text(kept[i]!) !== text(reference(c))).map((c) => c.name);
    expect(differ).toEqual([]);
  });

  it('identically with verifyHash and without the record hash', () => {
    expect(differing(cases, { verifyHash: true })).toEqual([]);
    const unhashed = cases.map((c) => ({ ...c, input: { ...c.input, hash: '' } }));
    expect(differing(unhashed)).toEqual([]);
  });

  it('identically when a record disagrees with its BOC (lt, account, hash, kind)', () => {
    const sample = cases.filter((_, i) => i % 10 === 0);
    const wrong = sample.flatMap((c): Case[] => [
      { ...c, name: `${c.name} lt`, input: { ...c.input, lt: `${c.input.lt}1` } },
      { ...c, name: `${c.name} account`, input: { ...c.input, account: `0:${'1'.repeat(64)}` } },
      { ...c, name: `${c.name} bad account`, input: { ...c.input, account: 'nope' } },
      {
        ...c,
        name: `${c.name} kind`,
        kind: CONTRACT_KINDS[(CONTRACT_KINDS.indexOf(c.kind) + 1) % CONTRACT_KINDS.length]!,
      },
      { ...c, name: `${c.name} empty boc`, input: { ...c.input, boc: '' } },
    ]);
    expect(differing(wrong)).toEqual([]);
    // A wrong record hash is only detected when the fast path is asked to hash.
    const hashed = sample.map((c) => ({ ...c, input: { ...c.input, hash: 'ab'.repeat(32) } }));
    expect(differing(hashed, { verifyHash: true })).toEqual([]);
  });
});

describe('fast vs reference decoder: synthetic transactions', () => {
  it('toncenter fixture histories, decoded as every kind', () => {
    const txs = synthesizeTransactions({ account: ACCOUNT, count: 60 });
    const cases = CONTRACT_KINDS.flatMap((kind) =>
      txs.map((t, i): Case => ({ name: `${kind} #${i}`, kind, input: t })),
    );
    expect(differing(cases)).toEqual([]);
  });

  it('every op, out-message and log codec of every kind, with sampled bodies, in all outcomes', () => {
    const cases: Case[] = [];
    const rng = rngFrom(7);
    for (const kind of CONTRACT_KINDS) {
      const spec = contractSpec(kind);
      const outs = spec.outMessages.map((o) =>
        internalMessage({
          src: ACCOUNT,
          dest: OTHER,
          value: 10n,
          body: bodyCell(o.codec.store(o.codec.sample(rng))),
        }),
      );
      const logs = [...spec.logs.values()].map((l) =>
        logMessage(l.id, bodyCell(l.codec.store(l.codec.sample(rng)))),
      );
      const bodies: [string, Cell][] = [
        ['empty', Cell.EMPTY],
        ['short', bodyCell((b) => b.storeUint(5, 8))],
        ['comment', bodyCell((b) => b.storeUint(0, 32).storeStringTail('hello'))],
        ['unknown op', bodyCell((b) => b.storeUint(0x7eadbeef, 32).storeUint(1, 64))],
        ['truncated', bodyCell((b) => b.storeUint([...spec.ops.keys()][0] ?? 1, 32))],
      ];
      for (const op of spec.ops.values()) {
        if (!op.codec) continue;
        for (let s = 0; s < 3; s++)
          bodies.push([`${op.name} #${s}`, bodyCell(op.codec.store(op.codec.sample(rng)))]);
      }
      for (const [name, body] of bodies) {
        const variants: [string, Parameters<typeof buildTransaction>[0]][] = [
          ['ok', { inMessage: internalMessage({ body }), outMessages: [...outs, ...logs] }],
          ['ok, no outs', { inMessage: internalMessage({ body }) }],
          ['ok, with StateInit', { inMessage: internalMessage({ body, withStateInit: true }) }],
          [
            'compute failed',
            { inMessage: internalMessage({ body }), computeSuccess: false, exitCode: 0xffff },
          ],
          ['skipped', { inMessage: internalMessage({ body }), computeSkipped: true }],
          ['action failed', { inMessage: internalMessage({ body }), actionSuccess: false }],
        ];
        for (const [variant, o] of variants)
          cases.push({ name: `${kind} ${name} ${variant}`, kind, input: buildTransaction(o).input });
      }
      const firstOut = spec.outMessages.find((o) => o.op !== null);
      if (firstOut?.op != null) {
        const bounce = bodyCell(storeBouncedBody(firstOut.op, Buffer.alloc(8, 1)));
        cases.push({
          name: `${kind} bounce of ${firstOut.name}`,
          kind,
          input: buildTransaction({
            inMessage: internalMessage({ body: bounce, bounced: true }),
            outMessages: logs,
          }).input,
        });
      }
      cases.push({ name: `${kind} no in-message`, kind, input: buildTransaction({ inMessage: null }).input });
      cases.push({
        name: `${kind} external-in`,
        kind,
        input: buildTransaction({
          inMessage: {
            info: {
              type: 'external-in',
              src: null,
              dest: internalMessage({}).info.dest as never,
              importFee: 0n,
            },
            body: bodyCell((b: Builder) => b.storeUint(1, 32).storeRef(beginCell().storeUint(2, 8))),
          },
        }).input,
      });
    }
    expect(cases.length).toBeGreaterThan(500);
    expect(differing(cases)).toEqual([]);
    console.info(
      `decode-diff: ${cases.length} codec-sampled transactions identical (sender ${SENDER.slice(0, 8)}…)`,
    );
  });

  it('simulator output (test/simulator), when the simulator is present', async () => {
    let simulate:
      | ((o: { seed: number; transactions: number }) => {
          contracts: Record<string, ContractKind>;
          records: RawTransactionInput[];
        })
      | undefined;
    try {
      ({ simulate } = (await import('../simulator/simulator.js')) as never);
    } catch (err) {
      console.warn(`simulator not available (${err instanceof Error ? err.message : String(err)}): skipped`);
      return;
    }
    const { contracts, records } = simulate!({ seed: 11, transactions: 1500 });
    const cases = records.flatMap((r, i): Case[] => {
      const kind = contracts[r.account];
      return kind ? [{ name: `sim #${i}`, kind, input: r }] : [];
    });
    expect(cases.length).toBeGreaterThan(100);
    expect(differing(cases)).toEqual([]);
    console.info(`decode-diff: ${cases.length} simulator transactions identical`);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------
// Properties

/** Real transactions to mutate: the corpus when present (small BOCs, so the reference stays quick), else builder output. */
async function seedTransactions(): Promise<Case[]> {
  if (present) {
    const all = await readCorpus();
    return all.filter((c) => c.input.boc.length < 3000).filter((_, i) => i % 4 === 0);
  }
  const cases: Case[] = [];
  for (const kind of ['vault-v2', 'policy-router-v2', 'vault-v3'] as const) {
    const spec = contractSpec(kind);
    const rng = rngFrom(3);
    for (const op of spec.ops.values()) {
      if (!op.codec) continue;
      const logs = [...spec.logs.values()].map((l) =>
        logMessage(l.id, bodyCell(l.codec.store(l.codec.sample(rng)))),
      );
      const body = bodyCell(op.codec.store(op.codec.sample(rng)));
      cases.push({
        name: `${kind} ${op.name}`,
        kind,
        input: buildTransaction({ inMessage: internalMessage({ body }), outMessages: logs }).input,
      });
    }
  }
  return cases;
}

/** Only `DecodeError` may escape the fast path. */
function fastOnly(c: Case, opts?: FastDecodeOptions): Outcome {
  const got = fast(c, opts);
  if ('error' in got && got.error !== 'DecodeError') throw new Error(`fast path threw ${got.error}`);
  return got;
}

function withBoc(c: Case, bytes: Uint8Array, hash = c.input.hash): Case {
  return { ...c, input: { ...c.input, hash, boc: Buffer.from(bytes).toString('base64') } };
}

/** Rewrites the trailing CRC-32C so a mutation gets past the checksum and into the cell and TL-B checks. */
function fixCrc(bytes: Uint8Array): Uint8Array {
  const out = Buffer.from(bytes);
  if (out.length >= 9 && out.readUInt32BE(0) === 0xb5ee9c72 && out[4]! & 0x40)
    out.writeUInt32LE(crc32c(out, 0, out.length - 4), out.length - 4);
  return out;
}

describe('fast decoder properties (fast-check)', () => {
  let seeds: Case[] = [];
  beforeAll(async () => {
    seeds = await seedTransactions();
  }, 120_000);
  const seedIndex = () => fc.nat({ max: 1_000_000 });

  it('random bytes: a result or a DecodeError, as the reference', () => {
    fc.assert(
      fc.property(seedIndex(), fc.uint8Array({ maxLength: 600 }), fc.boolean(), (i, bytes, withMagic) => {
        const c = seeds[i % seeds.length]!;
        const data = withMagic ? Buffer.concat([Buffer.from('b5ee9c72', 'hex'), bytes]) : Buffer.from(bytes);
        const mutated = withBoc(c, data);
        expect(fastOnly(mutated, { verifyHash: true })).toEqual(reference(mutated));
        fastOnly(mutated);
      }),
      { numRuns: 500 },
    );
  });

  it('truncated BOCs of real transactions: a DecodeError, as the reference', () => {
    fc.assert(
      fc.property(seedIndex(), fc.double({ min: 0, max: 1, noNaN: true }), (i, at) => {
        const c = seeds[i % seeds.length]!;
        const bytes = Buffer.from(c.input.boc, 'base64');
        const cut = bytes.subarray(0, Math.floor(at * bytes.length));
        expect(fastOnly(withBoc(c, cut))).toEqual(reference(withBoc(c, cut)));
        const recrc = fixCrc(cut);
        expect(fastOnly(withBoc(c, recrc), { verifyHash: true })).toEqual(reference(withBoc(c, recrc)));
      }),
      { numRuns: 400 },
    );
  });

  it('bit-flipped BOCs of real transactions: same result or same DecodeError as the reference', () => {
    fc.assert(
      fc.property(
        seedIndex(),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (i, flips, recomputeCrc, dropHash) => {
          const c = seeds[i % seeds.length]!;
          const bytes = Buffer.from(c.input.boc, 'base64');
          for (const f of flips) bytes[(f >> 3) % bytes.length]! ^= 1 << (f & 7);
          const data = recomputeCrc ? fixCrc(bytes) : bytes;
          // Without a record hash both paths hash the BOC themselves, so the flipped data is decoded for real.
          const mutated = withBoc(c, data, dropHash ? '' : c.input.hash);
          expect(fastOnly(mutated, { verifyHash: true })).toEqual(reference(mutated));
          fastOnly(mutated);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('never returns for a flipped BOC what it would not return for the original, without hashing', () => {
    // The default mode trusts the record hash; a flipped BOC with a fixed CRC may then decode, but only to a
    // result or a DecodeError.
    fc.assert(
      fc.property(seedIndex(), fc.nat(), (i, f) => {
        const c = seeds[i % seeds.length]!;
        const bytes = Buffer.from(c.input.boc, 'base64');
        bytes[(f >> 3) % bytes.length]! ^= 1 << (f & 7);
        fastOnly(withBoc(c, fixCrc(bytes)));
      }),
      { numRuns: 1000 },
    );
  });
});
