/**
 * One shutdown signal per process. SIGTERM/SIGINT abort it; stages watch `signal` to stop taking new work,
 * flush and commit, and register cleanups that run in reverse order. A second signal exits at once.
 */
export interface Shutdown {
  readonly signal: AbortSignal;
  /** Registers a cleanup; cleanups run last-registered first. */
  onShutdown(name: string, fn: () => Promise<void> | void): void;
  /** Starts shutting down (idempotent) and resolves when every cleanup has run. */
  shutdown(reason: string): Promise<void>;
  readonly reason: string | undefined;
}

export function createShutdown(
  opts: { installSignalHandlers?: boolean; log?: (msg: string, extra?: object) => void } = {},
): Shutdown {
  const controller = new AbortController();
  const cleanups: { name: string; fn: () => Promise<void> | void }[] = [];
  let done: Promise<void> | undefined;
  let reason: string | undefined;

  const api: Shutdown = {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    onShutdown(name, fn) {
      cleanups.push({ name, fn });
    },
    shutdown(why) {
      if (done) return done;
      reason = why;
      controller.abort(new Error(why));
      done = (async () => {
        for (const { name, fn } of cleanups.reverse()) {
          try {
            await fn();
          } catch (err) {
            opts.log?.(`cleanup ${name} failed`, { err });
          }
        }
      })();
      return done;
    },
  };

  if (opts.installSignalHandlers) {
    let count = 0;
    const handler = (sig: NodeJS.Signals) => {
      count++;
      if (count > 1) process.exit(130);
      opts.log?.(`received ${sig}, shutting down`);
      void api.shutdown(sig);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  }
  return api;
}
