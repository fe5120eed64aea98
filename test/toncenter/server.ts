/**
 * A TonCenter API v2–compatible HTTP server over an in-memory store of recorded transactions, for tests, the
 * local all-in-one run and benchmarks. It speaks both forms of the API — JSON-RPC (`POST /api/v2/jsonRPC` with
 * `{id, jsonrpc, method, params}`) and REST (`GET /api/v2/<method>?…`) — with the real envelopes, pagination,
 * error bodies, API-key handling and rate limits, plus injectable faults.
 *
 * Behaviour follows the API's public documentation (docs.ton.org, TON Center API v2) and its open-source
 * reference server: getTransactions pages newest → oldest; an `lt`+`hash` anchor is returned inclusively;
 * `to_lt` stops before the first transaction with `lt <= to_lt` (exclusive); `limit` defaults to 10, at most 100;
 * errors are `{ok:false, error, code}` with `code` as the HTTP status. Stats count a dropped (timeout-fault)
 * request under status 0.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import type { Address } from '@ton/core';

import { FaultInjector, PAGE_FAULTS, type ActiveFault, type FaultKind } from './faults.js';
import { friendly, parseAnyAddress, parseHashParam, type TonCenterTransactionJson } from './format.js';
import { RateLimiter } from './rate-limit.js';
import { lowerBound, TonCenterStore, type StoredTransaction } from './store.js';

export interface TonCenterServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** The store to serve; a new empty one when omitted. */
  store?: TonCenterStore;
  /** Friendly addresses with the testnet flag, when the server creates the store. */
  testnet?: boolean;
  /**
   * Known API keys with their rate (requests per second; `Infinity` = unlimited). When given, any other key
   * is refused with 401. When omitted, every key is accepted at `rateLimit.keyRps`.
   */
  apiKeys?: Record<string, number>;
  /** Keys issued for another network: refused with 403, as TON Center does for a testnet key on mainnet. */
  otherNetworkKeys?: string[];
  /** Token-bucket limits; `false` disables rate limiting (the default in most tests). */
  rateLimit?: false | { noKeyRps?: number; keyRps?: number; burst?: number };
  /** Seed of the fault generator. Default 1. */
  seed?: number;
  /** Largest `limit` getTransactions accepts. Default 100, as documented. */
  maxLimit?: number;
  /** What happens above `maxLimit`: a 422 validation error (default) or silently serving `maxLimit`. */
  limitPolicy?: 'reject' | 'cap';
  /** How long a `timeout` fault holds a connection before dropping it. Default 35 s (past the stock client's 30 s). */
  timeoutFaultMs?: number;
  /** Artificial latency added to every answer, ms. Default 0. */
  latencyMs?: number;
}

export interface TonCenterStats {
  requests: number;
  /** method → HTTP status → count. Methods that could not be determined are counted as `(unknown)`. */
  byMethod: Record<string, Record<number, number>>;
  rateLimited: number;
  faults: Partial<Record<FaultKind, number>>;
  /** Count of requests with the given method (any status). */
  count(method: string, status?: number): number;
  reset(): void;
}

export interface TonCenterServer {
  /** JSON-RPC endpoint, e.g. `http://127.0.0.1:8081/api/v2/jsonRPC` — what `TonClient` takes as `endpoint`. */
  url: string;
  /** REST base, e.g. `http://127.0.0.1:8081/api/v2`. */
  baseUrl: string;
  port: number;
  store: TonCenterStore;
  faults: FaultInjector;
  stats: TonCenterStats;
  /** Resets the rate-limit buckets (e.g. between test cases). */
  resetRateLimits(): void;
  close(): Promise<void>;
}

/** An error answered with TonCenter's error envelope `{ok:false, error, code}` and `code` as the HTTP status. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, unknown>;

interface RequestContext {
  transport: 'jsonrpc' | 'rest';
  method: string;
  params: Params;
  rpcId: unknown;
}

const API_PREFIX = '/api/v2/';

const METHODS = [
  'getTransactions',
  'getAddressInformation',
  'getExtendedAddressInformation',
  'getWalletInformation',
  'getAddressState',
  'getAddressBalance',
  'getMasterchainInfo',
  'runGetMethod',
] as const;
type MethodName = (typeof METHODS)[number];
/** Method names are matched case-insensitively, as the API does. */
const METHOD_BY_LOWER = new Map<string, string>(METHODS.map((m) => [m.toLowerCase(), m]));

function canonicalMethod(name: string): string {
  return METHOD_BY_LOWER.get(name.toLowerCase()) ?? name;
}

// Literal bodies of the documented error answers.
const RATE_LIMIT_BODY = { ok: false, result: 'Ratelimit exceed', code: 429 };
const UNKNOWN_KEY_BODY = { ok: false, error: 'API key does not exist', code: 401 };
const OTHER_NETWORK_BODY = { ok: false, error: 'Network not allowed', code: 403 };
const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function intParam(params: Params, name: string): bigint | undefined {
  const raw = str(params[name]);
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new ApiError(422, `Can't parse integer in parameter ${name}`);
  return BigInt(raw.trim());
}

function boolParam(params: Params, name: string): boolean {
  const raw = params[name];
  if (typeof raw === 'boolean') return raw;
  const s = str(raw)?.toLowerCase();
  return s === 'true' || s === '1' || s === 'yes';
}

function addressParam(params: Params, name = 'address'): Address {
  const raw = str(params[name]);
  if (!raw) throw new ApiError(422, `${name} is required`);
  const address = parseAnyAddress(raw);
  if (!address) throw new ApiError(416, 'Incorrect address');
  return address;
}

/** `(0,<16 hex>)`: the shard prefix a lite server prints in "cannot find block" errors. */
function shardLabel(address: Address): string {
  return `(${address.workChain},${address.hash.subarray(0, 8).toString('hex')})`;
}

function readBody(req: IncomingMessage, maxBytes = 8 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new ApiError(413, 'Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startTonCenterServer(options: TonCenterServerOptions = {}): Promise<TonCenterServer> {
  const store = options.store ?? new TonCenterStore({ testnet: options.testnet ?? false });
  const faults = new FaultInjector(options.seed ?? 1);
  const rateLimit = options.rateLimit === undefined ? {} : options.rateLimit;
  const noKeyRps = rateLimit === false ? Infinity : (rateLimit.noKeyRps ?? 1);
  const keyRps = rateLimit === false ? Infinity : (rateLimit.keyRps ?? 10);
  const limiter = new RateLimiter(() => (rateLimit === false ? undefined : rateLimit.burst));
  const maxLimit = options.maxLimit ?? 100;
  const limitPolicy = options.limitPolicy ?? 'reject';
  const timeoutFaultMs = options.timeoutFaultMs ?? 35_000;
  const latencyMs = options.latencyMs ?? 0;
  const otherNetworkKeys = new Set(options.otherNetworkKeys ?? []);
  /** Last page served per address, for `duplicatedPage`. */
  const lastPage = new Map<string, TonCenterTransactionJson[]>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let extraCounter = 0;

  const stats: TonCenterStats = {
    requests: 0,
    byMethod: {},
    rateLimited: 0,
    faults: {},
    count(method, status) {
      const row = this.byMethod[method];
      if (!row) return 0;
      if (status !== undefined) return row[status] ?? 0;
      return Object.values(row).reduce((a, b) => a + b, 0);
    },
    reset() {
      this.requests = 0;
      this.byMethod = {};
      this.rateLimited = 0;
      this.faults = {};
    },
  };

  function record(method: string, status: number): void {
    stats.requests++;
    const row = (stats.byMethod[method] ??= {});
    row[status] = (row[status] ?? 0) + 1;
  }

  function extra(): string {
    // TonCenter tags answers with an opaque `@extra` request id.
    extraCounter++;
    return `${(Date.now() / 1000).toFixed(6)}:${extraCounter}:0`;
  }

  // -------------------------------------------------------------------------------------------------------------
  // API methods

  function accountInfo(address: Address) {
    const st = store.accountState(address);
    const mc = store.masterchainInfo();
    return { st, mc };
  }

  function getAddressInformation(params: Params) {
    const { st, mc } = accountInfo(addressParam(params));
    return {
      '@type': 'raw.fullAccountState',
      balance: st.balance.toString(),
      extra_currencies: [],
      code: st.status === 'active' ? st.code : '',
      data: st.status === 'active' ? st.data : '',
      last_transaction_id: { '@type': 'internal.transactionId', lt: st.lastTx.lt, hash: st.lastTx.hash },
      block_id: mc.last,
      frozen_hash: st.status === 'frozen' ? st.frozenHash : '',
      sync_utime: mc.utime,
      state: st.status,
    };
  }

  function getExtendedAddressInformation(params: Params) {
    const address = addressParam(params);
    const { st, mc } = accountInfo(address);
    const accountState =
      st.status === 'active'
        ? { '@type': 'raw.accountState', code: st.code, data: st.data, frozen_hash: '' }
        : st.status === 'frozen'
          ? { '@type': 'raw.accountState', code: '', data: '', frozen_hash: st.frozenHash }
          : { '@type': 'uninited.accountState', frozen_hash: '' };
    return {
      '@type': 'fullAccountState',
      address: { '@type': 'accountAddress', account_address: friendly(address, store.format) },
      balance: st.balance.toString(),
      extra_currencies: [],
      last_transaction_id: { '@type': 'internal.transactionId', lt: st.lastTx.lt, hash: st.lastTx.hash },
      block_id: mc.last,
      sync_utime: mc.utime,
      account_state: accountState,
      revision: 0,
    };
  }

  function getWalletInformation(params: Params) {
    const { st } = accountInfo(addressParam(params));
    // Recorded protocol contracts are not wallets; the API reports `wallet: false` for unknown code.
    return {
      wallet: false,
      balance: st.balance.toString(),
      extra_currencies: [],
      account_state: st.status,
      last_transaction_id: { '@type': 'internal.transactionId', lt: st.lastTx.lt, hash: st.lastTx.hash },
    };
  }

  function getMasterchainInfo() {
    const mc = store.masterchainInfo();
    return {
      '@type': 'blocks.masterchainInfo',
      last: mc.last,
      state_root_hash: mc.stateRootHash,
      init: mc.init,
    };
  }

  function runGetMethod(params: Params) {
    const address = addressParam(params);
    const method = params.method;
    if (method === undefined || method === null || method === '')
      throw new ApiError(422, 'method is required');
    let stack: unknown = params.stack ?? [];
    if (typeof stack === 'string') {
      try {
        stack = JSON.parse(stack);
      } catch {
        throw new ApiError(422, 'failed to parse stack');
      }
    }
    if (!Array.isArray(stack)) throw new ApiError(422, 'failed to parse stack');
    const st = store.accountState(address);
    const mc = store.masterchainInfo();
    const found = store.getMethod(address, typeof method === 'number' ? method : String(method), stack);
    // A missing account cannot run code (-13 is what the API reports for it); an unknown method id fails
    // in the contract's dispatcher with exit code 11.
    const exitCode = found ? found.exitCode : st.status === 'active' ? 11 : -13;
    return {
      '@type': 'smc.runResult',
      gas_used: found?.gasUsed ?? 0,
      stack: found?.stack ?? [],
      exit_code: exitCode,
      block_id: mc.last,
      last_transaction_id: { '@type': 'internal.transactionId', lt: st.lastTx.lt, hash: st.lastTx.hash },
    };
  }

  function transactionPage(params: Params, fault: ActiveFault | undefined): TonCenterTransactionJson[] {
    const address = addressParam(params);
    let limit = intParam(params, 'limit') ?? 10n;
    if (limit <= 0n) throw new ApiError(422, 'Validation error: limit must be greater than 0');
    if (limit > BigInt(maxLimit)) {
      if (limitPolicy === 'reject') {
        throw new ApiError(422, `Validation error: limit must be less than or equal to ${maxLimit}`);
      }
      limit = BigInt(maxLimit);
    }
    const lt = intParam(params, 'lt');
    const hashRaw = str(params.hash);
    const toLt = intParam(params, 'to_lt') ?? 0n;
    const archival = boolParam(params, 'archival');
    let hash: Buffer | undefined;
    if (hashRaw) {
      const parsed = parseHashParam(hashRaw);
      if (!parsed) throw new ApiError(422, 'failed to parse from_transaction_hash');
      hash = parsed;
    }
    const txs = store.history(address);
    // Without both lt and hash the walk starts at the account's last transaction.
    let start = txs.length - 1;
    if (lt !== undefined && hash !== undefined) {
      const idx = lowerBound(txs, lt);
      const anchor = txs[idx];
      if (!anchor || anchor.lt !== lt || anchor.hashHex !== hash.toString('hex')) {
        throw new ApiError(
          500,
          'LITE_SERVER_UNKNOWN: cannot locate transaction in block with specified logical time',
        );
      }
      start = idx;
    }
    if (fault?.kind === 'ltNotInDb' && !archival) {
      const at = txs[start]?.lt ?? lt ?? 0n;
      throw new ApiError(
        500,
        `LITE_SERVER_UNKNOWN: cannot compute block with specified transaction: cannot find block ${shardLabel(address)} lt=${at}: lt not in db`,
      );
    }
    const page: TonCenterTransactionJson[] = [];
    for (let i = start; i >= 0 && BigInt(page.length) < limit; i--) {
      const tx = txs[i] as StoredTransaction;
      if (tx.lt <= toLt) break;
      page.push(tx.json);
    }
    const key = address.toRawString();
    if (fault?.kind === 'truncatedPage' && page.length >= 2) {
      const cut = page.slice(0, Math.ceil(page.length / 2));
      lastPage.set(key, cut);
      return cut;
    }
    if (fault?.kind === 'duplicatedPage') {
      const previous = lastPage.get(key);
      if (previous && previous.length > 0) return previous;
      if (page.length > 0) return [page[0] as TonCenterTransactionJson, ...page];
    }
    lastPage.set(key, page);
    return page;
  }

  function dispatch(method: string, params: Params, fault: ActiveFault | undefined): unknown {
    switch (method as MethodName) {
      case 'getTransactions':
        return transactionPage(params, fault);
      case 'getAddressInformation':
        return getAddressInformation(params);
      case 'getExtendedAddressInformation':
        return getExtendedAddressInformation(params);
      case 'getWalletInformation':
        return getWalletInformation(params);
      case 'getAddressState':
        return store.accountState(addressParam(params)).status;
      case 'getAddressBalance':
        return store.accountState(addressParam(params)).balance.toString();
      case 'getMasterchainInfo':
        return getMasterchainInfo();
      case 'runGetMethod':
        return runGetMethod(params);
      default:
        throw new ApiError(404, 'method not found');
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // HTTP plumbing

  function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const write = () => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (latencyMs > 0) {
      const t = setTimeout(() => {
        timers.delete(t);
        write();
      }, latencyMs);
      timers.add(t);
    } else {
      write();
    }
  }

  function envelope(ctx: RequestContext, body: Record<string, unknown>): Record<string, unknown> {
    if (ctx.transport === 'jsonrpc') return { ...body, id: ctx.rpcId ?? null, jsonrpc: '2.0' };
    return body;
  }

  async function parseRequest(req: IncomingMessage, url: URL): Promise<RequestContext> {
    const rest = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : null;
    if (rest === null || rest === '' || rest.includes('/')) throw new ApiError(404, 'Not Found');
    const query: Params = Object.fromEntries(url.searchParams.entries());
    delete query.api_key;
    if (rest.toLowerCase() === 'jsonrpc') {
      if (req.method !== 'POST') throw new ApiError(405, 'Method Not Allowed');
      const text = await readBody(req);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (err) {
        throw new ApiError(422, `Validation error: ${(err as Error).message}`);
      }
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        throw new ApiError(422, 'Validation error: JSON-RPC request must be an object');
      }
      const { method, params, id } = body as { method?: unknown; params?: unknown; id?: unknown };
      if (typeof method !== 'string') throw new ApiError(422, 'Validation error: method is required');
      const p = params && typeof params === 'object' && !Array.isArray(params) ? (params as Params) : {};
      return { transport: 'jsonrpc', method: canonicalMethod(method), params: p, rpcId: id };
    }
    const params: Params = { ...query };
    if (req.method === 'POST') {
      const text = await readBody(req);
      if (text.trim() !== '') {
        try {
          Object.assign(params, JSON.parse(text) as Params);
        } catch (err) {
          throw new ApiError(422, `Validation error: ${(err as Error).message}`);
        }
      }
    } else if (req.method !== 'GET') {
      throw new ApiError(405, 'Method Not Allowed');
    }
    return { transport: 'rest', method: canonicalMethod(rest), params, rpcId: undefined };
  }

  function clientIdentity(req: IncomingMessage, url: URL): { key: string | undefined; bucket: string } {
    const header = req.headers['x-api-key'];
    const key = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('api_key') ?? undefined;
    return { key: key || undefined, bucket: key ? `key:${key}` : `ip:${req.socket.remoteAddress ?? '?'}` };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let ctx: RequestContext;
    try {
      ctx = await parseRequest(req, url);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, String(err));
      record('(unknown)', e.status);
      send(res, e.status, { ok: false, error: e.message, code: e.status });
      return;
    }
    const method = ctx.method;

    // API key, then rate limit, as the gateway in front of the API does.
    const who = clientIdentity(req, url);
    let rps = noKeyRps;
    if (who.key !== undefined) {
      if (otherNetworkKeys.has(who.key)) {
        record(method, 403);
        send(res, 403, OTHER_NETWORK_BODY);
        return;
      }
      if (options.apiKeys) {
        const known = options.apiKeys[who.key];
        if (known === undefined) {
          record(method, 401);
          send(res, 401, UNKNOWN_KEY_BODY);
          return;
        }
        rps = rateLimit === false ? Infinity : known;
      } else {
        rps = keyRps;
      }
    }
    if (!limiter.allow(who.bucket, rps)) {
      stats.rateLimited++;
      record(method, 429);
      send(res, 429, RATE_LIMIT_BODY);
      return;
    }

    const archival = boolParam(ctx.params, 'archival');
    const fault = faults.pick(method, (kind) => {
      if (PAGE_FAULTS.has(kind)) return method === 'getTransactions' && !(kind === 'ltNotInDb' && archival);
      return true;
    });
    if (fault) stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + 1;

    switch (fault?.kind) {
      case 'http500':
        record(method, 500);
        send(
          res,
          500,
          envelope(ctx, { ok: false, error: fault.error ?? 'Internal Server Error', code: 500 }),
        );
        return;
      case 'http502':
        record(method, 502);
        send(res, 502, BAD_GATEWAY_HTML, 'text/html');
        return;
      case 'http504':
        record(method, 504);
        send(res, 504, envelope(ctx, { ok: false, error: fault.error ?? 'Liteserver timeout', code: 504 }));
        return;
      case 'rateLimit':
        stats.rateLimited++;
        record(method, 429);
        send(res, 429, RATE_LIMIT_BODY);
        return;
      case 'timeout': {
        record(method, 0);
        const t = setTimeout(() => {
          timers.delete(t);
          req.socket.destroy();
        }, fault.delayMs ?? timeoutFaultMs);
        timers.add(t);
        return;
      }
      default:
        break;
    }

    try {
      const result = dispatch(method, ctx.params, fault);
      const body = envelope(ctx, { ok: true, result, '@extra': extra() });
      if (fault?.kind === 'malformedJson') {
        const text = JSON.stringify(body);
        record(method, 200);
        send(res, 200, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return;
      }
      record(method, 200);
      send(res, 200, body);
    } catch (err) {
      const e =
        err instanceof ApiError ? err : new ApiError(503, err instanceof Error ? err.message : String(err));
      record(method, e.status);
      send(res, e.status, envelope(ctx, { ok: false, error: e.message, code: e.status, '@extra': extra() }));
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: String(err), code: 500 });
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host =
    options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}/api/v2`;

  return {
    url: `${baseUrl}/jsonRPC`,
    baseUrl,
    port,
    store,
    faults,
    stats,
    resetRateLimits: () => limiter.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
