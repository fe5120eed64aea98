import { describe, expect, it } from 'vitest';
import { ConnectionError, DecodeError, RateLimitedError, isRetriable } from './errors.js';
import { backoffDelay, retry } from './retry.js';

const noSleep = async () => {};

describe('retry', () => {
  it('retries retriable errors until success', async () => {
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new ConnectionError('down');
        return 'ok';
      },
      { sleep: noSleep },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry a non-retriable error', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new DecodeError('bad', { field: 'x' });
        },
        { sleep: noSleep },
      ),
    ).rejects.toBeInstanceOf(DecodeError);
    expect(calls).toBe(1);
  });

  it('gives up after the configured attempts', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new ConnectionError('down');
        },
        { retries: 4, sleep: noSleep },
      ),
    ).rejects.toThrow('down');
    expect(calls).toBe(4);
  });

  it('honours Retry-After of a rate limit', async () => {
    const delays: number[] = [];
    let calls = 0;
    await retry(
      async () => {
        if (calls++ === 0) throw new RateLimitedError('429', 5000);
      },
      { sleep: async (ms) => void delays.push(ms), initialDelayMs: 10 },
    );
    expect(delays).toEqual([5000]);
  });

  it('grows exponentially, is capped and jittered within bounds', () => {
    const opts = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: 0.5 };
    expect(backoffDelay(1, opts, () => 0)).toBe(100);
    expect(backoffDelay(3, opts, () => 0)).toBe(400);
    expect(backoffDelay(10, opts, () => 0)).toBe(1000);
    expect(backoffDelay(10, opts, () => 1)).toBe(500);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(retry(async () => 1, { signal: controller.signal })).rejects.toThrow(/aborted/);
  });
});

describe('isRetriable', () => {
  it('classifies foreign errors', () => {
    expect(isRetriable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('x'), { code: '40001' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isRetriable(Object.assign(new Error('x'), { retriable: true }))).toBe(true);
    expect(isRetriable('string')).toBe(false);
  });
});
