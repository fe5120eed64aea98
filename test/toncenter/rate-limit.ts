/**
 * Per-client token buckets, as TON Center limits requests: one request per second without an API key,
 * the plan's rate with one (docs.ton.org/ecosystem/api/toncenter/rate-limit).
 */

export interface TokenBucketOptions {
  /** Tokens added per second. */
  rps: number;
  /** Bucket size: how many requests may arrive at once after a quiet period. Default max(1, rps). */
  burst?: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly options: TokenBucketOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, options.burst ?? options.rps);
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.options.rps);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly burstFor: (rps: number) => number | undefined = () => undefined) {}

  /** Whether the client identified by `clientKey` may make a request now at `rps`. */
  allow(clientKey: string, rps: number): boolean {
    if (!Number.isFinite(rps)) return true;
    let bucket = this.buckets.get(clientKey);
    if (!bucket) {
      const burst = this.burstFor(rps);
      bucket = new TokenBucket(burst === undefined ? { rps } : { rps, burst });
      this.buckets.set(clientKey, bucket);
    }
    return bucket.tryTake();
  }

  reset(): void {
    this.buckets.clear();
  }
}
