import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SchemaValidationError } from '../../pipelines/runtime/errors.js';
import { parseReplayLine, ReplaySource } from './replay-source.js';

const A = `0:${'a'.repeat(64)}`;
const B = `0:${'b'.repeat(64)}`;
const boc = 'te6cckEBAQEAAgAAAEysuc0=';
const raw = (account: string, lt: string, hash: string) =>
  JSON.stringify({ v: 1, account, lt, hash: hash.repeat(64), utime: 1, boc });
const corpusRow = (account: string, lt: string, chain: string) =>
  JSON.stringify({
    test_file: 'x',
    blockchain_id: chain,
    account,
    lt,
    hash: 'c'.repeat(64),
    now: 5,
    boc,
    in_msg: {},
  });

function file(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function drain(source: ReplaySource) {
  await source.connect();
  const controller = new AbortController();
  const batches = [];
  for (let b = await source.readBatch(controller.signal); b; b = await source.readBatch(controller.signal)) {
    batches.push(b);
    await source.commit(b);
  }
  return batches;
}

describe('parseReplayLine', () => {
  it('reads raw records and corpus rows into the same record', () => {
    expect(parseReplayLine(raw(A, '10', 'd'), 'f:1')).toMatchObject({ account: A, lt: '10', utime: 1 });
    expect(parseReplayLine(corpusRow(A, '10', 'chain#1'), 'f:1')).toMatchObject({
      account: A,
      lt: '10',
      utime: 5,
      blockchainId: 'chain#1',
    });
  });

  it('names the position and the field of a bad line', () => {
    expect(() => parseReplayLine('{oops', 'in.jsonl:7')).toThrow(/in\.jsonl:7: not JSON/);
    expect(() => parseReplayLine(JSON.stringify({ v: 1, account: 'nope' }), 'in.jsonl:8')).toThrow(
      SchemaValidationError,
    );
    expect(() => parseReplayLine(JSON.stringify({ v: 1, account: 'nope' }), 'in.jsonl:8')).toThrow(
      /at in\.jsonl:8/,
    );
  });
});

describe('ReplaySource', () => {
  it('orders by (account, lt) numerically, filters addresses, dedupes, batches', async () => {
    const path = file(
      'in.jsonl',
      [
        raw(B, '5', 'e'),
        raw(A, '100', 'd'),
        raw(A, '9', 'd'),
        raw(A, '9', 'd'),
        raw(`0:${'f'.repeat(64)}`, '1', 'd'),
      ].join('\n'),
    );
    const source = new ReplaySource({ files: [path], addresses: [A, B], batchSize: 2 });
    const batches = await drain(source);
    expect(batches.map((b) => b.records.map((r) => `${r.account[2]}:${r.lt}`))).toEqual([
      ['a:9', 'a:100'],
      ['b:5'],
    ]);
    expect(batches[0]!.records[0]).toMatchObject({ source: 'replay' });
    expect(source.progress).toMatchObject({ total: 3, published: 3, rejected: 0 });
  });

  it('reads gzip files and keeps one corpus chain', async () => {
    const path = file(
      'c.jsonl.gz',
      gzipSync([corpusRow(A, '2', 'x#1'), corpusRow(A, '1', 'x#2'), corpusRow(A, '3', 'x#1')].join('\n')),
    );
    const batches = await drain(new ReplaySource({ files: [path], blockchainId: 'x#1' }));
    expect(batches.flatMap((b) => b.records.map((r) => r.lt))).toEqual(['2', '3']);
  });

  it('hands corrupt lines over as rejections with their original bytes and keeps going', async () => {
    const path = file('bad.jsonl', [raw(A, '1', 'd'), 'garbage line', raw(A, '2', 'd')].join('\n'));
    const batches = await drain(new ReplaySource({ files: [path] }));
    expect(batches.flatMap((b) => b.records)).toHaveLength(2);
    const rejected = batches.flatMap((b) => b.rejected);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.original.toString()).toBe('garbage line');
    expect(rejected[0]!.position).toBe(`${path}:2`);
  });

  it('rejects a bad configuration naming the key', () => {
    expect(() => new ReplaySource({ files: [] })).toThrow(/files/);
    expect(() => new ReplaySource({ files: ['x'], addresses: ['EQxyz'] })).toThrow(/raw address/);
  });
});
