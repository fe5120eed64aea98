import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

import { Address, Cell, beginCell, loadTransaction } from '@ton/core';
import { TonClient } from '@ton/ton';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_CORPUS_PATH, loadCorpusIntoStore } from './corpus.js';
import { synthesizeTransactions, type SynthesizedTransaction } from './fixtures.js';
import { toTonCenterStack } from './format.js';
import { startTonCenterServer, type TonCenterServer } from './server.js';
import { TonCenterStore } from './store.js';

const ACCOUNT = '0:' + '5a'.repeat(32);
const OTHER = '0:' + '6b'.repeat(32);

async function post(server: TonCenterServer, method: string, params: Record<string, unknown>, headers = {}) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ id: '7', jsonrpc: '2.0', method, params }),
  });
  return { status: res.status, text: await res.text() };
}

async function get(server: TonCenterServer, method: string, query: Record<string, string>, headers = {}) {
  const res = await fetch(`${server.baseUrl}/${method}?${new URLSearchParams(query).toString()}`, {
    headers,
  });
  return { status: res.status, text: await res.text() };
}

describe('TonCenter v2 test server', () => {
  let server: TonCenterServer;
  let client: TonClient;
  let txs: SynthesizedTransaction[];
  const address = Address.parse(ACCOUNT);

  beforeAll(async () => {
    const store = new TonCenterStore();
    txs = synthesizeTransactions({ account: ACCOUNT, count: 250 });
    store.addTransactions(txs);
    store.setAccountState(ACCOUNT, { balance: 123_456_789n });
    server = await startTonCenterServer({ store, rateLimit: false });
    client = new TonClient({ endpoint: server.url, timeout: 5_000 });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.faults.clear();
  });

  it('pages back through more than 100 transactions with lt/hash anchors, the anchor inclusive', async () => {
    const first = await client.getTransactions(address, { limit: 100, archival: true });
    expect(first).toHaveLength(100);
    expect(first[0]?.lt.toString()).toBe(txs[249]?.lt);
    const oldest = first[99];
    if (!oldest) throw new Error('no page');
    // Inclusive: the anchor itself comes back first.
    const second = await client.getTransactions(address, {
      limit: 100,
      lt: oldest.lt.toString(),
      hash: oldest.hash().toString('base64'),
      inclusive: true,
    });
    expect(second[0]?.hash().toString('hex')).toBe(oldest.hash().toString('hex'));
    expect(second).toHaveLength(100);

    // The stock client's exclusive paging asks for limit+1 and drops the anchor: walk the whole history.
    const seen: string[] = [];
    let anchor: { lt: string; hash: string } | undefined;
    for (;;) {
      const page = await client.getTransactions(address, { limit: 99, ...(anchor ?? {}) });
      if (page.length === 0) break;
      for (const tx of page) seen.push(tx.hash().toString('hex'));
      const last = page[page.length - 1];
      if (!last) break;
      anchor = { lt: last.lt.toString(), hash: last.hash().toString('base64') };
    }
    expect(seen).toEqual([...txs].reverse().map((t) => t.hash));
  });

  it('returns transactions that parse with loadTransaction and hash to the recorded hash', async () => {
    const res = await post(server, 'getTransactions', { address: ACCOUNT, limit: 20 });
    const body = JSON.parse(res.text) as {
      ok: boolean;
      id: string;
      jsonrpc: string;
      result: Array<Record<string, any>>;
    };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ok: true, id: '7', jsonrpc: '2.0' });
    for (const row of body.result) {
      const cell = Cell.fromBase64(row.data as string);
      const tx = loadTransaction(cell.beginParse());
      const recorded = txs.find((t) => t.lt === tx.lt.toString());
      expect(cell.hash().toString('hex')).toBe(recorded?.hash);
      expect(Buffer.from(row.transaction_id.hash as string, 'base64').toString('hex')).toBe(recorded?.hash);
      expect(row['@type']).toBe('raw.transaction');
      expect(row.address.account_address).toBe(address.toString({ bounceable: true, urlSafe: true }));
      expect(row.out_msgs).toHaveLength(recorded?.outCount ?? -1);
      expect(BigInt(row.fee as string)).toBe(tx.totalFees.coins);
      if (recorded?.inKind === 'internal-comment') {
        expect(row.in_msg.msg_data['@type']).toBe('msg.dataText');
        expect(row.in_msg.message).toMatch(/^payment #/);
      }
      if (recorded?.inKind === 'external-in') expect(row.in_msg.source).toBe('');
    }
  });

  it('stops before to_lt (exclusive) and accepts addresses and hashes in any standard form', async () => {
    const toLt = txs[239]?.lt ?? '0';
    const page = await client.getTransactions(address, { limit: 50, to_lt: toLt });
    expect(page.map((t) => t.lt.toString())).toEqual(
      txs
        .slice(240)
        .reverse()
        .map((t) => t.lt),
    );

    const anchor = txs[100] as SynthesizedTransaction;
    for (const form of [
      ACCOUNT,
      address.toString(),
      address.toString({ bounceable: false, urlSafe: false }),
    ]) {
      const res = await get(server, 'getTransactions', {
        address: form,
        limit: '3',
        lt: anchor.lt,
        hash: anchor.hash,
      });
      const body = JSON.parse(res.text) as { ok: boolean; result: Array<{ transaction_id: { lt: string } }> };
      expect(res.status).toBe(200);
      expect(body.result.map((r) => r.transaction_id.lt)).toEqual([txs[100]?.lt, txs[99]?.lt, txs[98]?.lt]);
    }
  });

  it('answers the documented errors: limit above 100, unknown anchor, bad address, unknown method', async () => {
    const tooMany = await get(server, 'getTransactions', { address: ACCOUNT, limit: '101' });
    expect(tooMany.status).toBe(422);
    expect(JSON.parse(tooMany.text)).toMatchObject({ ok: false, code: 422 });
    // So the stock client's exclusive paging with limit 100 (it asks for 101) is refused, as documented.
    const last = txs[200] as SynthesizedTransaction;
    await expect(
      client.getTransactions(address, {
        limit: 100,
        lt: last.lt,
        hash: Buffer.from(last.hash, 'hex').toString('base64'),
      }),
    ).rejects.toThrow();

    const noAnchor = await post(server, 'getTransactions', {
      address: ACCOUNT,
      lt: '5',
      hash: 'ab'.repeat(32),
    });
    expect(noAnchor.status).toBe(500);
    expect(JSON.parse(noAnchor.text)).toMatchObject({
      ok: false,
      code: 500,
      error: 'LITE_SERVER_UNKNOWN: cannot locate transaction in block with specified logical time',
    });
    const badAddress = await get(server, 'getAddressInformation', { address: 'nonsense' });
    expect(badAddress.status).toBe(416);
    expect(JSON.parse(badAddress.text)).toMatchObject({ ok: false, error: 'Incorrect address', code: 416 });
    const unknown = await post(server, 'getNothing', {});
    expect(unknown.status).toBe(404);
  });

  it('serves account state, balance and masterchain info, and follows live bursts', async () => {
    const state = await client.getContractState(address);
    expect(state.balance).toBe(123_456_789n);
    expect(state.state).toBe('active');
    expect(state.lastTransaction?.lt).toBe(txs[249]?.lt);
    expect(Buffer.from(state.lastTransaction?.hash ?? '', 'base64').toString('hex')).toBe(txs[249]?.hash);
    const unknown = await client.getContractState(Address.parse(OTHER));
    expect(unknown.state).toBe('uninitialized');
    expect(unknown.lastTransaction).toBeNull();

    expect(JSON.parse((await get(server, 'getAddressBalance', { address: ACCOUNT })).text)).toMatchObject({
      ok: true,
      result: '123456789',
    });
    expect(JSON.parse((await get(server, 'getAddressState', { address: ACCOUNT })).text).result).toBe(
      'active',
    );

    const before = await client.getMasterchainInfo();
    expect(before.workchain).toBe(-1);
    expect(before.shard).toBe('-9223372036854775808');
    const burst = synthesizeTransactions({ account: OTHER, count: 3, startLt: 5_000_000n });
    server.store.addTransactions(burst);
    const after = await client.getMasterchainInfo();
    expect(after.latestSeqno).toBe(before.latestSeqno + 1);
    const fresh = await client.getTransactions(Address.parse(OTHER), { limit: 10 });
    expect(fresh.map((t) => t.hash().toString('hex'))).toEqual([...burst].reverse().map((t) => t.hash));
  });

  it('runs get-methods with a stack through TonClient.runMethod', async () => {
    const owner = Address.parse(OTHER);
    const ownerCell = beginCell().storeAddress(owner).endCell();
    server.store.setGetMethod(
      ACCOUNT,
      'get_tranche_info',
      toTonCenterStack([
        { type: 'int', value: 1_000_000_000n },
        { type: 'int', value: -42n },
        { type: 'slice', cell: ownerCell },
        {
          type: 'tuple',
          items: [
            { type: 'int', value: 7n },
            { type: 'cell', cell: ownerCell },
          ],
        },
      ]),
      0,
      { args: [['num', '3']] },
    );
    server.store.setGetMethod(ACCOUNT, 'get_tranche_info', toTonCenterStack([{ type: 'int', value: 0n }]), 0);
    server.store.setGetMethod(ACCOUNT, 'get_broken', [], 9);

    const res = await client.runMethod(address, 'get_tranche_info', [{ type: 'int', value: 3n }]);
    expect(res.stack.readBigNumber()).toBe(1_000_000_000n);
    expect(res.stack.readBigNumber()).toBe(-42n);
    expect(res.stack.readAddress().equals(owner)).toBe(true);
    // @ton/ton turns tuple elements (tonlib `tvm.stackEntry*` objects) into bare values, not tuple items.
    const tuple = res.stack.pop() as unknown as { type: string; items: unknown[] };
    expect(tuple.type).toBe('tuple');
    expect(tuple.items[0]).toBe(7n);
    expect((tuple.items[1] as Cell).hash().equals(ownerCell.hash())).toBe(true);

    // Other arguments fall back to the result registered without arguments.
    const other = await client.runMethod(address, 'get_tranche_info', [{ type: 'int', value: 4n }]);
    expect(other.stack.readBigNumber()).toBe(0n);

    await expect(client.runMethod(address, 'get_broken')).rejects.toThrow(/exit_code: 9/);
    const missing = await client.runMethodWithError(address, 'no_such_method');
    expect(missing.exit_code).toBe(11);
  });

  it('injects faults: 5xx, timeouts, malformed JSON, truncated and duplicated pages, lt not in db', async () => {
    server.faults.inject({ kind: 'http500', count: 1, methods: ['getMasterchainInfo'] });
    const failed = await post(server, 'getMasterchainInfo', {});
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.text)).toMatchObject({ ok: false, code: 500 });
    expect((await post(server, 'getMasterchainInfo', {})).status).toBe(200);

    server.faults.inject({ kind: 'http502', count: 1 });
    const gateway = await post(server, 'getMasterchainInfo', {});
    expect(gateway.status).toBe(502);
    expect(gateway.text).toContain('502 Bad Gateway');

    server.faults.inject({ kind: 'timeout', count: 1, delayMs: 300 });
    const quick = new TonClient({ endpoint: server.url, timeout: 100 });
    await expect(quick.getMasterchainInfo()).rejects.toThrow();

    server.faults.inject({ kind: 'malformedJson', count: 1 });
    const malformed = await post(server, 'getMasterchainInfo', {});
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text) as unknown).toThrow();

    server.faults.inject({ kind: 'truncatedPage', count: 1 });
    const truncated = await client.getTransactions(address, { limit: 20 });
    expect(truncated.length).toBeLessThan(20);
    expect(truncated.length).toBeGreaterThan(0);

    const page = await client.getTransactions(address, { limit: 5 });
    server.faults.inject({ kind: 'duplicatedPage', count: 1 });
    const last = page[4] as (typeof page)[number];
    const repeated = await client.getTransactions(address, {
      limit: 5,
      lt: last.lt.toString(),
      hash: last.hash().toString('base64'),
      inclusive: true,
    });
    expect(repeated.map((t) => t.lt)).toEqual(page.map((t) => t.lt));

    server.faults.inject({ kind: 'ltNotInDb', count: 1 });
    const archivalOnly = await post(server, 'getTransactions', {
      address: ACCOUNT,
      limit: 5,
      archival: true,
    });
    expect(archivalOnly.status).toBe(200);
    const notInDb = await post(server, 'getTransactions', { address: ACCOUNT, limit: 5 });
    expect(notInDb.status).toBe(500);
    expect(JSON.parse(notInDb.text).error).toMatch(
      /^LITE_SERVER_UNKNOWN: cannot compute block with specified transaction: cannot find block \(0,[0-9a-f]{16}\) lt=\d+: lt not in db$/,
    );
    expect((await post(server, 'getTransactions', { address: ACCOUNT, limit: 5 })).status).toBe(200);
    expect(server.stats.faults.ltNotInDb).toBe(1);
    expect(server.stats.count('getTransactions', 500)).toBeGreaterThanOrEqual(1);
  });

  it('draws probabilistic faults deterministically from the seed', async () => {
    const schedule = async (seed: number) => {
      const s = await startTonCenterServer({ rateLimit: false, seed });
      s.faults.inject({ kind: 'http504', probability: 0.4 });
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) statuses.push((await post(s, 'getMasterchainInfo', {})).status);
      await s.close();
      return statuses;
    };
    const a = await schedule(42);
    expect(await schedule(42)).toEqual(a);
    expect(a).toContain(504);
    expect(a).toContain(200);
  });
});

describe('API keys and rate limits', () => {
  it('answers 429 with the documented body when the per-client rate is exceeded', async () => {
    const server = await startTonCenterServer({ rateLimit: { noKeyRps: 1, keyRps: 5 } });
    try {
      expect((await post(server, 'getMasterchainInfo', {})).status).toBe(200);
      const limited = await post(server, 'getMasterchainInfo', {});
      expect(limited.status).toBe(429);
      expect(JSON.parse(limited.text)).toEqual({ ok: false, result: 'Ratelimit exceed', code: 429 });
      // A key has its own, larger bucket.
      const withKey = await Promise.all(
        [1, 2, 3].map(() => post(server, 'getMasterchainInfo', {}, { 'X-API-Key': 'k' })),
      );
      expect(withKey.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(server.stats.rateLimited).toBe(1);
      await new Promise((r) => setTimeout(r, 1_050));
      expect((await post(server, 'getMasterchainInfo', {})).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses unknown keys with 401 and keys of another network with 403', async () => {
    const server = await startTonCenterServer({
      apiKeys: { good: 100 },
      otherNetworkKeys: ['testnet-key'],
      rateLimit: { noKeyRps: 1 },
    });
    try {
      const bad = await get(server, 'getMasterchainInfo', { api_key: 'nope' });
      expect(bad.status).toBe(401);
      expect(JSON.parse(bad.text)).toEqual({ ok: false, error: 'API key does not exist', code: 401 });
      expect((await get(server, 'getMasterchainInfo', {}, { 'X-API-Key': 'testnet-key' })).status).toBe(403);
      const client = new TonClient({ endpoint: server.url, apiKey: 'good' });
      const infos = await Promise.all([1, 2, 3, 4].map(() => client.getMasterchainInfo()));
      expect(infos).toHaveLength(4);
    } finally {
      await server.close();
    }
  });
});

describe('corpus loader', () => {
  const present = existsSync(DEFAULT_CORPUS_PATH);
  if (!present) console.warn(`skipping corpus tests: ${DEFAULT_CORPUS_PATH} is absent`);

  it('reports an absent corpus instead of failing', async () => {
    const r = await loadCorpusIntoStore(new TonCenterStore(), '/nonexistent/transactions.jsonl.gz');
    expect(r.available).toBe(false);
    expect(r.message).toMatch(/not found/);
  });

  it.skipIf(!present)(
    'serves one chain of the corpus through TonClient with the recorded hashes',
    async () => {
      // The first chain of the file, read from the corpus itself.
      const rl = createInterface({ input: createReadStream(DEFAULT_CORPUS_PATH).pipe(createGunzip()) });
      const rows: Array<{ blockchain_id: string; account: string; lt: string; hash: string }> = [];
      for await (const line of rl) {
        const row = JSON.parse(line) as (typeof rows)[number];
        if (rows.length > 0 && row.blockchain_id !== rows[0]?.blockchain_id) break;
        rows.push(row);
      }
      rl.close();
      const chain = rows[0]?.blockchain_id ?? '';
      const store = new TonCenterStore();
      const loaded = await loadCorpusIntoStore(store, DEFAULT_CORPUS_PATH, { blockchainId: chain });
      expect(loaded.available).toBe(true);
      expect(loaded.blockchains).toEqual([chain]);
      expect(loaded.transactions).toBe(rows.length);

      const server = await startTonCenterServer({ store, rateLimit: false });
      try {
        const client = new TonClient({ endpoint: server.url });
        const byAccount = new Map<string, string[]>();
        for (const r of rows)
          byAccount.set(r.account, [...(byAccount.get(r.account) ?? []), `${r.lt}:${r.hash}`]);
        for (const [account, recorded] of byAccount) {
          const got = await client.getTransactions(Address.parse(account), { limit: 99 });
          const expected = [...recorded].sort((a, b) =>
            Number(BigInt(b.split(':')[0] ?? 0) - BigInt(a.split(':')[0] ?? 0)),
          );
          expect(got.map((t) => `${t.lt}:${t.hash().toString('hex')}`)).toEqual(expected.slice(0, 99));
        }
      } finally {
        await server.close();
      }
    },
  );

  it.skipIf(!present)('answers recorded get-method results of a chain', async () => {
    const gettersPath = DEFAULT_CORPUS_PATH.replace('transactions.jsonl.gz', 'getters.jsonl.gz');
    if (!existsSync(gettersPath)) return;
    type GetterRow = {
      blockchain_id: string;
      address: string;
      raw_get_methods: Array<{
        method: string;
        args: unknown[];
        exit_code: number;
        stack: Array<{ type: string; value?: string }>;
      }>;
    };
    const rl = createInterface({ input: createReadStream(gettersPath).pipe(createGunzip()) });
    let chosen: GetterRow | undefined;
    for await (const line of rl) {
      const row = JSON.parse(line) as GetterRow;
      if (!chosen) chosen = row;
      else if (row.blockchain_id === chosen.blockchain_id && row.address === chosen.address) chosen = row;
    }
    rl.close();
    if (!chosen) return;
    const store = new TonCenterStore();
    await loadCorpusIntoStore(store, DEFAULT_CORPUS_PATH, { blockchainId: chosen.blockchain_id });
    const server = await startTonCenterServer({ store, rateLimit: false });
    try {
      const client = new TonClient({ endpoint: server.url });
      let compared = 0;
      for (const call of chosen.raw_get_methods) {
        if (call.args.length > 0 || call.stack.length !== 1 || call.stack[0]?.type !== 'int') continue;
        const res = await client.runMethodWithError(Address.parse(chosen.address), call.method);
        expect(res.exit_code).toBe(call.exit_code);
        expect(res.stack.readBigNumber()).toBe(BigInt(call.stack[0]?.value ?? ''));
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!present)('loads every chain, keeping one chain per account, with getter results', async () => {
    const store = new TonCenterStore();
    const loaded = await loadCorpusIntoStore(store, DEFAULT_CORPUS_PATH);
    expect(loaded.transactions).toBeGreaterThan(0);
    expect(loaded.transactions + loaded.skippedOtherChain + loaded.duplicates).toBe(3974);
    expect(loaded.getMethods).toBeGreaterThan(0);
  });
});
