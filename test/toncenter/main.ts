/**
 * Runs the TonCenter test server standalone:
 *
 *   tsx test/toncenter/main.ts --port 8081 --corpus ../shared/corpus/transactions.jsonl.gz --rps 10
 *   tsx test/toncenter/main.ts --records records.jsonl.gz --no-rate-limit
 */
import { parseArgs } from 'node:util';

import { ConfigError } from '../../pipelines/runtime/errors.js';
import { DEFAULT_CORPUS_PATH, loadCorpusIntoStore, loadRecordsIntoStore } from './corpus.js';
import { startTonCenterServer } from './server.js';
import { TonCenterStore } from './store.js';

const HELP = `Usage: tsx test/toncenter/main.ts [options]

A TonCenter API v2-compatible server over recorded transactions.

Options:
  --port N             port to listen on (default 8081; 0 = any free port)
  --host H             interface to bind (default 127.0.0.1)
  --corpus FILE        load the corpus format (transactions.jsonl.gz; getters.jsonl.gz beside it)
                       (default ${DEFAULT_CORPUS_PATH} when neither --corpus nor --records is given)
  --blockchain ID      with --corpus: load only this blockchain_id (repeatable)
  --records FILE       load raw records, JSON lines {account, lt, hash, utime, boc} (.gz allowed; repeatable)
  --rps N              requests per second with an API key (default 10)
  --no-key-rps N       requests per second without a key (default 1)
  --api-key KEY[=RPS]  accept only these keys (repeatable); others get 401
  --no-rate-limit      disable rate limiting
  --testnet            render testnet-form friendly addresses
  --seed N             fault generator seed (default 1)
  -h, --help           show this help
`;

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError(`--${name} must be a non-negative number, got "${value}"`, name);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      corpus: { type: 'string' },
      blockchain: { type: 'string', multiple: true },
      records: { type: 'string', multiple: true },
      rps: { type: 'string' },
      'no-key-rps': { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      'no-rate-limit': { type: 'boolean' },
      testnet: { type: 'boolean' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const store = new TonCenterStore({ testnet: values.testnet ?? false });
  const records = values.records ?? [];
  const corpus = values.corpus ?? (records.length === 0 ? DEFAULT_CORPUS_PATH : undefined);
  if (corpus) {
    const r = await loadCorpusIntoStore(
      store,
      corpus,
      values.blockchain ? { blockchainId: values.blockchain } : {},
    );
    process.stderr.write(`${r.message}\n`);
    if (!r.available && values.corpus) throw new ConfigError(`corpus file not found: ${corpus}`, 'corpus');
  }
  for (const file of records) {
    const r = await loadRecordsIntoStore(store, file);
    process.stderr.write(`loaded ${r.transactions} transactions from ${file}\n`);
  }

  let apiKeys: Record<string, number> | undefined;
  const keyRps = positiveNumber(values.rps, 'rps') ?? 10;
  for (const spec of values['api-key'] ?? []) {
    const [key, rps] = spec.split('=');
    if (!key) throw new ConfigError(`--api-key needs a key, got "${spec}"`, 'api-key');
    (apiKeys ??= {})[key] = positiveNumber(rps, 'api-key') ?? keyRps;
  }

  const server = await startTonCenterServer({
    store,
    port: positiveNumber(values.port, 'port') ?? 8081,
    ...(values.host ? { host: values.host } : {}),
    ...(apiKeys ? { apiKeys } : {}),
    rateLimit: values['no-rate-limit']
      ? false
      : { keyRps, noKeyRps: positiveNumber(values['no-key-rps'], 'no-key-rps') ?? 1 },
    seed: positiveNumber(values.seed, 'seed') ?? 1,
  });
  process.stderr.write(
    `TonCenter v2 test server: ${server.url} (REST ${server.baseUrl}/<method>), ${store.size} transactions, ` +
      `${store.accountCount()} accounts\n`,
  );

  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`toncenter test server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
