import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { corpusStatePresent } from '../../test/state/corpus-state.js';
import { CORPUS_TRANSACTIONS, KIND_BY_CODE_SOURCE } from '../../test/corpus/corpus-kinds.js';
import { replayFile } from './replay.js';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { ContractKind } from '../../schemas/contracts/kinds.js';

describe('replayFile', () => {
  it('counts rejected lines and writes the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const input = join(dir, 'in.jsonl.gz');
    writeFileSync(input, gzipSync('not json\n{"v":1}\n'));
    const out = join(dir, 'state.json');
    const result = await replayFile({ inputs: [input], contracts: new Map(), stateOut: out });
    expect(result.summary).toMatchObject({ lines: 2, rejected: 2, transactions: 0, contracts: 0 });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({});
  });

  it.skipIf(!corpusStatePresent())('replays one corpus chain to the vault state', async () => {
    const chain = 'tests__security__CriticalVulnerabilities#8';
    const contracts = new Map<string, ContractKind>();
    const rl = createInterface({ input: createReadStream(CORPUS_TRANSACTIONS).pipe(createGunzip()) });
    for await (const line of rl) {
      const row = JSON.parse(line) as { blockchain_id: string; account: string; code_source: string | null };
      const kind = row.code_source ? KIND_BY_CODE_SOURCE[row.code_source] : undefined;
      if (row.blockchain_id === chain && kind) contracts.set(row.account, kind);
    }
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const result = await replayFile({
      inputs: [CORPUS_TRANSACTIONS],
      contracts,
      blockchainId: chain,
      stateOut: join(dir, 'state.json'),
    });
    expect(result.summary.decodeFailures).toBe(0);
    expect(result.summary.chains).toBe(1);
    const vault = result.contracts.find((c) => c.kind === 'vault-v2');
    expect(vault).toBeDefined();
    expect((vault!.getterView as Record<string, unknown>).getTotalCapital).toBe('6001200000000');
    // The state file: the report shape, keyed by raw address, amounts as decimal strings.
    const report = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(report[vault!.address]).toMatchObject({
      kind: 'vault-v2',
      totalCapital: '6001200000000',
      paused: expect.any(Boolean),
    });
    expect(Object.keys(report[vault!.address].tranches)).toEqual(['1', '2', '3', '4', '5', '6']);
    // --init takes the same shape: seeding with the final state and replaying again changes nothing (idempotent).
    const again = await replayFile({
      inputs: [CORPUS_TRANSACTIONS],
      contracts,
      blockchainId: chain,
      init: join(dir, 'state.json'),
      stateOut: join(dir, 'state2.json'),
    });
    expect(again.summary.eventsApplied).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'state2.json'), 'utf8'))[vault!.address]).toEqual(
      report[vault!.address],
    );
  });
});
