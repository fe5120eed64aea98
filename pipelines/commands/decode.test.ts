import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  OTHER,
  bodyCell,
  buildTransaction,
  internalMessage,
} from '../../operators/decode/transaction-builder.js';
import { storeDeposit } from '../../schemas/contracts/v2/vault/deposit.js';
import { Address } from '@ton/core';
import { decodeFile } from './decode.js';

async function run(lines: unknown[], opts: { gzip?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'decode-'));
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const path = join(dir, opts.gzip ? 'in.jsonl.gz' : 'in.jsonl');
  writeFileSync(path, opts.gzip ? gzipSync(text) : text);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c) => chunks.push(String(c)));
  const contracts = new Map([[ACCOUNT, 'vault-v2' as const]]);
  const summary = await decodeFile({ input: path, contracts, output });
  return {
    summary,
    out: chunks
      .join('')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
}

describe('decodeFile', () => {
  const ok = buildTransaction({
    inMessage: internalMessage({ body: bodyCell(storeDeposit({ trancheId: 1 })) }),
  }).input;
  const failed = buildTransaction({
    lt: 2000n,
    inMessage: internalMessage({ body: bodyCell(storeDeposit({ trancheId: 1 })) }),
    computeSuccess: false,
    exitCode: 5,
  }).input;
  const friendly = Address.parseRaw(ACCOUNT).toString();

  it('decodes raw records and corpus rows, skips unmapped addresses, reports undecodable ones and continues', async () => {
    const { summary, out } = await run(
      [
        ok,
        {
          account: friendly,
          lt: failed.lt,
          hash: failed.hash,
          now: failed.utime,
          boc: failed.boc,
          contract: 'MultiTrancheVault',
        },
        { ...ok, account: OTHER },
        { ...ok, boc: 'AAAA' },
        'not json',
      ],
      { gzip: true },
    );
    expect(summary).toEqual({ lines: 5, decoded: 2, skipped: 1, errors: 2 });
    expect(out[0]).toMatchObject({
      account: ACCOUNT,
      lt: '1000',
      kind: 'vault-v2',
      success: true,
      exitCode: 0,
    });
    expect(out[0].events[0]).toMatchObject({
      type: 'DepositMade',
      data: { amount: '1000000000', trancheId: 1 },
    });
    expect(out[1]).toMatchObject({
      lt: '2000',
      success: false,
      exitCode: 5,
      events: [{ type: 'TransactionFailed' }],
    });
    expect(out[2]).toMatchObject({ account: ACCOUNT, kind: 'vault-v2', error: { class: 'DECODE_ERROR' } });
    expect(out[2].error.message).toContain(ACCOUNT);
    expect(out[3]).toMatchObject({ error: { class: 'DECODE_ERROR' } });
  });

  it('reads plain files too', async () => {
    const { summary } = await run([ok]);
    expect(summary.decoded).toBe(1);
  });
});
