import { AbortedError, isRetriable, RateLimitedError } from './errors.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Growth of the delay per attempt. */
  factor: number;
  /** 0..1: the delay is drawn uniformly from [delay·(1−jitter), delay]. "Full jitter" is 1. */
  jitter: number;
  signal?: AbortSignal;
  /** Decides whether an error is retried; default `isRetriable` from the error taxonomy. */
  retryIf?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Injected for tests. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 8,
  initialDelayMs: 200,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.5,
};

/** Delay before attempt `attempt + 1` (attempt counts from 1): exponential, capped, jittered. */
export function backoffDelay(
  attempt: number,
  opts: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'factor' | 'jitter'>,
  random = Math.random,
): number {
  const base = Math.min(opts.maxDelayMs, opts.initialDelayMs * opts.factor ** (attempt - 1));
  return Math.round(base * (1 - opts.jitter * random()));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn` until it succeeds, fails with a non-retriable error, runs out of attempts or is aborted.
 * A `RateLimitedError` that says how long to wait is honoured (never shorter than the backoff).
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: Partial<RetryOptions> = {},
): Promise<T> {
  const opts = { ...DEFAULT_RETRY, ...options };
  const retryIf = opts.retryIf ?? isRetriable;
  const wait = opts.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new AbortedError();
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.retries || !retryIf(err) || opts.signal?.aborted) throw err;
      let delay = backoffDelay(attempt, opts, opts.random);
      if (err instanceof RateLimitedError && err.retryAfterMs) delay = Math.max(delay, err.retryAfterMs);
      opts.onRetry?.(err, attempt, delay);
      await wait(delay, opts.signal);
    }
  }
}
