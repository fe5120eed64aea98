import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, migratePostgres } from '../../connectors/postgres/index.js';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { ContractStateStore } from '../../operators/state/contract-state-store.js';
import { stateToJson } from '../../operators/state/state-json.js';
import { runDriftCheck, tonClientReader } from '../../pipelines/jobs/drift.js';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import { CORPUS_DIR, corpusKind, type CorpusRow } from '../corpus/corpus-kinds.js';
import { deployStateFromSnapshot } from '../state/corpus-state.js';
import { endpoints, uniqueName } from '../support/servers.js';
import { loadCorpusIntoStore } from '../toncenter/corpus.js';
import { startTonCenterServer } from '../toncenter/server.js';

const TX = `${CORPUS_DIR}transactions.jsonl.gz`;
const GETTERS = `${CORPUS_DIR}getters.jsonl.gz`;
const present = existsSync(TX) && existsSync(GETTERS);

async function* lines<T>(path: string): AsyncGenerator<T> {
  for await (const line of createInterface({
    input: createReadStream(path).pipe(createGunzip()),
    crlfDelay: Infinity,
  }))
    if (line.trim()) yield JSON.parse(line) as T;
}

// Chains whose vault was deployed with preset totals the corpus does not contain (see the state corpus test).
const DEPLOY_PRESET = /CriticalVulnerabilities/;

describe.skipIf(!present)(
  'drift job against the TonCenter test server serving the corpus get-method snapshots',
  () => {
    if (!present) console.warn('skipped: ../shared/corpus is absent');
    const namespace = uniqueName('driftcorpus').toLowerCase();
    const pool = createPool(endpoints().databaseUrl, namespace, 2);
    afterAll(async () => pool.end());

    it('reports zero drift where the state model reproduces the chain, and the drift when the server reports another value', async () => {
      await migratePostgres(endpoints().databaseUrl, namespace);
      // Every vault chain with a snapshot (one per emulated chain).
      const snapshots = new Map<string, any>();
      for await (const row of lines<any>(GETTERS)) {
        if (
          row.code_source === 'core/MultiTrancheVault' &&
          !DEPLOY_PRESET.test(row.blockchain_id) &&
          snapshots.size < 100
        )
          snapshots.set(row.blockchain_id, row);
      }
      expect(snapshots.size).toBeGreaterThan(3);
      const txs = new Map<string, (CorpusRow & { blockchain_id: string })[]>();
      for await (const row of lines<CorpusRow & { blockchain_id: string }>(TX)) {
        const snap = snapshots.get(row.blockchain_id);
        if (snap && row.account === snap.address)
          txs.set(row.blockchain_id, [...(txs.get(row.blockchain_id) ?? []), row]);
      }

      let compared = 0;
      for (const [chain, snap] of snapshots) {
        const server = await startTonCenterServer({ rateLimit: false });
        try {
          await loadCorpusIntoStore(server.store, TX, { blockchainId: chain });
          const kind = corpusKind(snap) as ContractKind;
          const store = new ContractStateStore();
          store.set(deployStateFromSnapshot(kind, snap));
          const rows = (txs.get(chain) ?? []).sort((a, b) => (BigInt(a.lt) < BigInt(b.lt) ? -1 : 1));
          for (const r of rows)
            store.apply(
              decodeTransaction(
                { account: r.account, lt: r.lt, hash: r.hash, utime: r.now, boc: r.boc },
                kind,
              ).events,
            );
          const state = store.get(snap.address)!;
          await pool.query('DELETE FROM contract_state');
          await pool.query(
            'INSERT INTO contract_state (address, kind, state, last_lt) VALUES ($1, $2, $3, $4)',
            [snap.address, kind, JSON.stringify(stateToJson(state)), state.position.lastLt ?? '0'],
          );
          const contracts = new Map([[snap.address, kind]]);
          const report = await runDriftCheck({
            contracts,
            pool,
            chain: tonClientReader(server.url),
            applied: async () => true,
          });
          const measured = report.results.filter((r) => r.status !== 'pending');
          expect(measured.length, chain).toBeGreaterThanOrEqual(21);
          expect(
            measured
              .filter((r) => r.status !== 'ok')
              .map((r) => `${chain} ${r.metric} ${r.chain} ${r.derived}`),
          ).toEqual([]);
          compared += measured.length;

          // The server now reports 5 TON more total capital than the chain had: exactly that metric drifts.
          const capital = BigInt(measured.find((r) => r.metric === 'total_capital')!.chain!);
          server.store.setGetMethod(
            snap.address,
            'get_total_capital',
            [['num', `0x${(capital + 5_000_000_000n).toString(16)}`]],
            0,
            { args: [] },
          );
          const skewed = await runDriftCheck({
            contracts,
            pool,
            chain: tonClientReader(server.url),
            applied: async () => true,
          });
          const bad = skewed.results.filter((r) => r.status !== 'ok' && r.status !== 'pending');
          expect(bad.map((r) => [r.metric, r.absDrift])).toEqual([['total_capital', '5000000000']]);
          expect(bad[0]!.status).toBe(capital > 0n && 5_000_000_000n * 10n <= capital ? 'warn' : 'critical');
        } finally {
          await server.close();
        }
      }
      console.log(
        `drift against corpus snapshots: ${compared} metrics compared over ${snapshots.size} vault chains, all exact`,
      );
    });
  },
);
