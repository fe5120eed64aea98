import { sleep } from '../../pipelines/runtime/retry.js';

/**
 * Token bucket: `rate` tokens per second, at most `burst` saved up. `take()` waits for a token. TonCenter
 * enforces 1 rps without a key and 10/25/100 rps with one depending on the plan, per key.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    readonly burst = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }

  /** Milliseconds until a token is available (0 = now). */
  waitTime(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.waitTime();
      if (wait === 0) {
        this.tokens -= 1;
        return;
      }
      await sleep(wait, signal);
    }
  }
}
