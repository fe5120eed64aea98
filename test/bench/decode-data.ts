/**
 * Transactions for the decode benchmark: the protocol transactions of the emulator corpus when
 * `../shared/corpus` is present, else synthetic ones built from the registry's own codecs (every op of every
 * kind with sampled bodies, its out-messages and logs, and a share of failed and bounced transactions).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import {
  OTHER,
  bodyCell,
  buildTransaction,
  internalMessage,
  logMessage,
} from '../../operators/decode/transaction-builder.js';
import type { RawTransactionInput } from '../../operators/decode/transaction-facts.js';
import { storeBouncedBody } from '../../schemas/contracts/common/bounced.js';
import type { Rng } from '../../schemas/contracts/common/codec.js';
import { CONTRACT_KINDS, type ContractKind } from '../../schemas/contracts/kinds.js';
import { contractSpec } from '../../schemas/contracts/registry.js';
import { CORPUS_TRANSACTIONS, corpusKind, corpusPresent, type CorpusRow } from '../corpus/corpus-kinds.js';

export interface DecodeItem {
  input: RawTransactionInput;
  kind: ContractKind;
  /** The in-message sets contract code (set-child-code / set-factory-code): decoding hashes the code cell. */
  codeUpload: boolean;
}

export interface DecodeDataset {
  source: string;
  items: DecodeItem[];
}

const CODE_UPLOAD_OPS = new Set(['set-child-code', 'set-factory-code']);

function isCodeUpload(kind: ContractKind, op: number | null): boolean {
  if (op === null) return false;
  const name = contractSpec(kind).ops.get(op)?.name;
  return name !== undefined && CODE_UPLOAD_OPS.has(name);
}

async function corpusItems(): Promise<DecodeItem[]> {
  const items: DecodeItem[] = [];
  const lines = createInterface({
    input: createReadStream(CORPUS_TRANSACTIONS).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as CorpusRow;
    const kind = corpusKind(row);
    if (!kind) continue;
    const op = row.in_msg?.op ? Number.parseInt(row.in_msg.op, 16) : null;
    items.push({
      kind,
      codeUpload: !row.in_msg?.bounced && isCodeUpload(kind, op),
      input: { account: row.account, lt: row.lt, hash: row.hash, utime: row.now, boc: row.boc },
    });
  }
  return items;
}

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

function syntheticItems(): DecodeItem[] {
  const rng = rngFrom(2024);
  const items: DecodeItem[] = [];
  for (const kind of CONTRACT_KINDS) {
    const spec = contractSpec(kind);
    const outs = spec.outMessages
      .slice(0, 2)
      .map((o) =>
        internalMessage({ dest: OTHER, value: 10n, body: bodyCell(o.codec.store(o.codec.sample(rng))) }),
      );
    const logs = [...spec.logs.values()]
      .slice(0, 2)
      .map((l) => logMessage(l.id, bodyCell(l.codec.store(l.codec.sample(rng)))));
    for (const op of spec.ops.values()) {
      if (!op.codec) continue;
      for (let s = 0; s < 4; s++) {
        const body = bodyCell(op.codec.store(op.codec.sample(rng)));
        const failed = s === 3;
        const { input } = buildTransaction({
          inMessage: internalMessage({ body }),
          outMessages: failed ? [] : [...outs, ...logs],
          computeSuccess: !failed,
        });
        items.push({ kind, input, codeUpload: CODE_UPLOAD_OPS.has(op.name) });
      }
    }
    const bounced = spec.outMessages.find((o) => o.op !== null);
    if (bounced?.op != null) {
      const body = bodyCell(storeBouncedBody(bounced.op, Buffer.alloc(8, 7)));
      const { input } = buildTransaction({
        inMessage: internalMessage({ body, bounced: true }),
        outMessages: logs,
      });
      items.push({ kind, input, codeUpload: false });
    }
  }
  return items;
}

export async function decodeDataset(): Promise<DecodeDataset> {
  if (corpusPresent()) {
    const items = await corpusItems();
    if (items.length > 0) return { source: `emulator corpus (${CORPUS_TRANSACTIONS})`, items };
  }
  return {
    source: 'synthetic (registry codecs, operators/decode/transaction-builder.ts)',
    items: syntheticItems(),
  };
}
