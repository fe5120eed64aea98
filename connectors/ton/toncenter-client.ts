import { Address, HttpApi } from '@ton/ton';
import {
  AuthError,
  ConnectionError,
  RateLimitedError,
  TimeoutError,
  TonstreamError,
  UpstreamError,
  errorMessage,
} from '../../pipelines/runtime/errors.js';
import { retry, type RetryOptions } from '../../pipelines/runtime/retry.js';
import { TokenBucket } from './token-bucket.js';

/** One transaction as the API listed it: identity plus the original BOC, untouched. */
export interface ListedTransaction {
  lt: string;
  hash: string; // hex
  utime: number;
  boc: string; // base64
}

/** The lite server lost that part of history: retry with `archival=true`. */
export class LtNotInDbError extends TonstreamError {
  constructor(message: string) {
    super(message, { code: 'LT_NOT_IN_DB', retriable: true });
  }
}

/** Maps what @ton/ton's HttpApi throws (axios errors, "Received error: {...}", "Malformed response") to the taxonomy. */
export function classifyApiError(err: unknown, endpoint: string): TonstreamError {
  if (err instanceof TonstreamError) return err;
  const e = err as {
    response?: { status?: number; data?: unknown; headers?: Record<string, string> };
    code?: string;
    message?: string;
  };
  const status = e.response?.status;
  const body = e.response?.data !== undefined ? JSON.stringify(e.response.data) : '';
  const text = `${errorMessage(err)} ${body}`;
  const ctx = { endpoint, status: status ?? null };
  if (/lt not in db|cannot compute block with specified transaction/i.test(text))
    return new LtNotInDbError(`history not on this lite server: ${text.slice(0, 200)}`);
  if (status === 429) {
    const retryAfter = Number(e.response?.headers?.['retry-after']);
    return new RateLimitedError(
      `rate limited by ${endpoint}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      ctx,
    );
  }
  if (status === 401 || status === 403)
    return new AuthError(`API key refused by ${endpoint} (HTTP ${status}): ${body.slice(0, 200)}`, ctx);
  if (status !== undefined && status >= 500)
    return new UpstreamError(`${endpoint} answered HTTP ${status}: ${body.slice(0, 200)}`, true, ctx, err);
  if (status !== undefined)
    return new UpstreamError(`${endpoint} answered HTTP ${status}: ${body.slice(0, 200)}`, false, ctx, err);
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || /timeout/i.test(errorMessage(err)))
    return new TimeoutError(`request to ${endpoint} timed out`, ctx, err);
  if (e.code && /^E[A-Z]+$/.test(e.code))
    return new ConnectionError(`cannot reach ${endpoint}: ${e.code}`, ctx, err);
  if (/Malformed response|Unexpected token|JSON/i.test(text))
    return new UpstreamError(
      `malformed response from ${endpoint}: ${errorMessage(err).slice(0, 200)}`,
      true,
      ctx,
      err,
    );
  return new UpstreamError(`${endpoint}: ${errorMessage(err).slice(0, 300)}`, true, ctx, err);
}

export interface TonCenterClientOptions {
  endpoints: string[];
  apiKey?: string;
  rps?: number;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  onRetry?: (err: unknown, attempt: number, delayMs: number, endpoint: string) => void;
}

/**
 * TonCenter v2 through @ton/ton's HttpApi, hardened: one token bucket for the key, retries with backoff and
 * jitter, failover across endpoints, `archival=true` fallback. It calls only getTransactions and
 * getMasterchainInfo, which never touch HttpApi's unbounded shard caches, so memory stays flat.
 */
export class TonCenterClient {
  private readonly apis: { endpoint: string; api: HttpApi }[];
  private current = 0;
  readonly bucket: TokenBucket;

  constructor(private readonly options: TonCenterClientOptions) {
    this.apis = options.endpoints.map((endpoint) => ({
      endpoint,
      api: new HttpApi(endpoint, { apiKey: options.apiKey, timeout: options.timeoutMs ?? 15_000 }),
    }));
    const rps = options.rps ?? (options.apiKey ? 10 : 1);
    this.bucket = new TokenBucket(rps, Math.max(1, Math.floor(rps)));
  }

  get endpoint(): string {
    return this.apis[this.current]!.endpoint;
  }

  private async call<T>(
    what: string,
    fn: (api: HttpApi) => Promise<T>,
    signal?: AbortSignal,
    retries?: number,
  ): Promise<T> {
    return retry(
      async () => {
        await this.bucket.take(signal);
        const { endpoint, api } = this.apis[this.current]!;
        try {
          return await fn(api);
        } catch (err) {
          const classified = classifyApiError(err, endpoint);
          // Fail over on errors of the endpoint itself; a rate limit is ours to wait out.
          if (
            classified.retriable &&
            !(classified instanceof RateLimitedError) &&
            !(classified instanceof LtNotInDbError)
          ) {
            this.current = (this.current + 1) % this.apis.length;
          }
          throw classified;
        }
      },
      {
        retries: 10,
        initialDelayMs: 250,
        maxDelayMs: 20_000,
        ...this.options.retry,
        ...(retries === undefined ? {} : { retries }),
        signal,
        retryIf: (err) => err instanceof TonstreamError && err.retriable && !(err instanceof LtNotInDbError),
        onRetry: (err, attempt, delayMs) =>
          this.options.onRetry?.(err, attempt, delayMs, `${what} ${this.endpoint}`),
      },
    );
  }

  /** One page newest → oldest. With an anchor, TonCenter includes the anchor transaction itself. */
  async getTransactions(
    address: string,
    opts: { limit: number; lt?: string; hash?: string; toLt?: string },
    signal?: AbortSignal,
  ): Promise<ListedTransaction[]> {
    const addr = Address.parseRaw(address);
    const fetchPage = (archival: boolean) =>
      this.call(
        'getTransactions',
        (api) =>
          api.getTransactions(addr, {
            limit: opts.limit,
            lt: opts.lt,
            // HttpApi takes the anchor hash in base64 and sends it as hex.
            hash: opts.hash ? Buffer.from(opts.hash, 'hex').toString('base64') : undefined,
            to_lt: opts.toLt,
            inclusive: true,
            archival,
          }),
        signal,
      );
    let rows;
    try {
      rows = await fetchPage(false);
    } catch (err) {
      if (!(err instanceof LtNotInDbError)) throw err;
      rows = await fetchPage(true);
    }
    return rows.map((r) => ({
      lt: r.transaction_id.lt,
      hash: Buffer.from(r.transaction_id.hash, 'base64').toString('hex'),
      utime: r.utime,
      boc: r.data,
    }));
  }

  /** `retries` small at start-up, so a wrong endpoint or key fails fast with its cause. */
  async getMasterchainSeqno(signal?: AbortSignal, retries?: number): Promise<number> {
    const info = await this.call('getMasterchainInfo', (api) => api.getMasterchainInfo(), signal, retries);
    return info.last.seqno;
  }
}
