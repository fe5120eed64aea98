import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  ConnectionError,
  RateLimitedError,
  UpstreamError,
} from '../../pipelines/runtime/errors.js';
import { startTonCenterServer, type TonCenterServer } from '../../test/toncenter/server.js';
import { classifyApiError, LtNotInDbError, TonCenterClient } from './toncenter-client.js';
import { TokenBucket } from './token-bucket.js';

describe('classifyApiError', () => {
  const axiosError = (status: number, data: unknown, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`Request failed with status code ${status}`), {
      response: { status, data, headers },
    });
  it('maps statuses and bodies to the taxonomy', () => {
    expect(
      classifyApiError(
        axiosError(429, { ok: false, result: 'Ratelimit exceed', code: 429 }, { 'retry-after': '2' }),
        'e',
      ),
    ).toMatchObject({ retryAfterMs: 2000 });
    expect(classifyApiError(axiosError(429, {}), 'e')).toBeInstanceOf(RateLimitedError);
    expect(
      classifyApiError(axiosError(401, { ok: false, error: 'API key does not exist' }), 'e'),
    ).toBeInstanceOf(AuthError);
    expect(classifyApiError(axiosError(502, '<html>'), 'e')).toMatchObject({ retriable: true });
    expect(
      classifyApiError(axiosError(500, { ok: false, error: 'LITE_SERVER_UNKNOWN: lt not in db' }), 'e'),
    ).toBeInstanceOf(LtNotInDbError);
    expect(classifyApiError(axiosError(422, { ok: false, error: 'bad limit' }), 'e')).toMatchObject({
      retriable: false,
    });
    expect(
      classifyApiError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'e'),
    ).toBeInstanceOf(ConnectionError);
    expect(
      classifyApiError(Object.assign(new Error('timeout of 1000ms exceeded'), { code: 'ECONNABORTED' }), 'e'),
    ).toMatchObject({ code: 'TIMEOUT' });
    expect(classifyApiError(new Error('Malformed response: x'), 'e')).toBeInstanceOf(UpstreamError);
  });
});

describe('TokenBucket', () => {
  it('allows the burst, then paces at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    expect(bucket.waitTime()).toBe(0);
    (bucket as any).tokens = 0;
    expect(bucket.waitTime()).toBe(100);
    now = 100;
    expect(bucket.waitTime()).toBe(0);
  });
});

describe('TonCenterClient against the test server', () => {
  let server: TonCenterServer;
  beforeAll(async () => {
    server = await startTonCenterServer({ apiKeys: { good: 100 }, rateLimit: { keyRps: 100 } });
  });
  afterAll(async () => server?.close());

  it('refuses an invalid API key at once with a clear error', async () => {
    const client = new TonCenterClient({ endpoints: [server.url], apiKey: 'bad', rps: 100 });
    await expect(client.getMasterchainSeqno(undefined, 3)).rejects.toThrow(
      /API key refused by .* \(HTTP 401\)/,
    );
  });

  it('fails over to the next endpoint when one is unreachable', async () => {
    const client = new TonCenterClient({
      endpoints: ['http://127.0.0.1:1/api/v2/jsonRPC', server.url],
      apiKey: 'good',
      rps: 100,
      retry: { initialDelayMs: 1 },
    });
    await expect(client.getMasterchainSeqno()).resolves.toBeTypeOf('number');
    expect(client.endpoint).toBe(server.url);
  });

  it('names an unreachable endpoint after a few attempts', async () => {
    const client = new TonCenterClient({
      endpoints: ['http://127.0.0.1:1/api/v2/jsonRPC'],
      rps: 100,
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    await expect(client.getMasterchainSeqno(undefined, 2)).rejects.toThrow(
      /cannot reach http:\/\/127\.0\.0\.1:1\/api\/v2\/jsonRPC: ECONNREFUSED/,
    );
  });
});
