import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRawRecord } from '../../schemas/records/raw-transaction.js';
import { ReplaySource } from '../replay/replay-source.js';
import { readTopic } from '../../test/support/kafka.js';
import { endpoints, freshPostgresDatabase, testKafka, uniqueName } from '../../test/support/servers.js';
import { synthesizeTransactions } from '../../test/toncenter/fixtures.js';
import { startTonCenterServer, type TonCenterServer } from '../../test/toncenter/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ACCOUNTS = [`0:${'c3'.repeat(32)}`, `0:${'d4'.repeat(32)}`];

/** Runs `tonstream source ton` as a real process; resolves with its exit code (or signal). */
function runSourceProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'pipelines/cli.ts'), 'source', 'ton', ...args],
      {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe('account source crash safety (real process, kill -9, real Kafka and PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let server: TonCenterServer;
  beforeAll(async () => {
    db = await freshPostgresDatabase();
    server = await startTonCenterServer({ rateLimit: false });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  it('after kill -9 at random points and restarts, every transaction is on Kafka (duplicates allowed, no gap)', async () => {
    const txs = ACCOUNTS.map((account, i) =>
      synthesizeTransactions({ account, count: 700, startLt: BigInt(2_000_000 + i * 7) }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'crash-'));
    const mapFile = join(dir, 'contracts.json');
    writeFileSync(mapFile, JSON.stringify({ [ACCOUNTS[0]!]: 'vault-v2', [ACCOUNTS[1]!]: 'policy-shard-v2' }));
    const topic = uniqueName('raw');
    const env = {
      KAFKA_BROKERS: endpoints().kafkaBrokers,
      DATABASE_URL: db.url,
      TON_ENDPOINTS: server.url,
      TONSTREAM_NAMESPACE: 'crash',
      LOG_LEVEL: 'warn',
    };
    const args = ['--contracts', mapFile, '--topic', topic, '--rps', '50', '--poll-interval-ms', '100'];
    // Seeded schedule: the same kill points every run.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

    for (let round = 0; round < 4; round++) {
      for (const history of txs) server.store.addTransactions(history.slice(round * 150, (round + 1) * 150));
      const result = await runSourceProcess(args, env, 2500 + Math.floor(random() * 2500));
      expect(result.signal, result.stderr).toBe('SIGKILL');
    }
    for (const history of txs) server.store.addTransactions(history.slice(600));
    const final = await runSourceProcess([...args, '--until-caught-up'], env);
    expect(final.code, final.stderr).toBe(0);

    const kafka = testKafka();
    const admin = kafka.admin();
    await admin.connect();
    const total = (await admin.topicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
    expect(total).toBeGreaterThanOrEqual(1400);
    const records = await readTopic(kafka, topic, total);
    const published = new Map(
      records.map((r) => [JSON.parse(r.value!.toString()).hash as string, r.value!.toString()]),
    );
    for (const history of txs) {
      for (const tx of history) expect(published.has(tx.hash), `missing ${tx.account}:${tx.lt}`).toBe(true);
    }
    // Per account and partition, first appearances are in ascending lt.
    for (const account of ACCOUNTS) {
      const lts = records
        .filter((r) => r.key!.toString() === account)
        .map((r) => BigInt(JSON.parse(r.value!.toString()).lt));
      const firsts = lts.filter((lt, i) => lts.indexOf(lt) === i);
      expect(firsts).toEqual([...firsts].sort((a, b) => (a < b ? -1 : 1)));
    }

    // The replay source produces byte-identical values for the same transactions.
    const file = join(dir, 'txs.jsonl');
    writeFileSync(
      file,
      txs
        .flat()
        .map((t) =>
          JSON.stringify({ v: 1, account: t.account, lt: t.lt, hash: t.hash, utime: t.utime, boc: t.boc }),
        )
        .join('\n'),
    );
    const replay = new ReplaySource({ files: [file], batchSize: 10_000 });
    await replay.connect();
    const batch = (await replay.readBatch(new AbortController().signal))!;
    for (const rec of batch.records) expect(encodeRawRecord(rec).value).toBe(published.get(rec.hash));
    await admin.deleteTopics([topic]);
    await admin.disconnect();
  });
});
