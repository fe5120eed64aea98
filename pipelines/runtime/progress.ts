/**
 * A one-line progress display (rate, position, ETA) on stderr, only when stderr is a terminal: logs and piped
 * output stay clean.
 */
export interface ProgressReporter {
  update(done: number, total?: number): void;
  finish(): void;
}

export function createProgress(
  label: string,
  opts: { stream?: NodeJS.WriteStream; intervalMs?: number; force?: boolean } = {},
): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  if (!stream.isTTY && !opts.force) return { update() {}, finish() {} };
  const started = Date.now();
  let last = 0;
  let done = 0;
  let total: number | undefined;
  const render = () => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = total && rate > 0 ? Math.max(0, (total - done) / rate) : undefined;
    const pos = total ? `${done}/${total} (${((100 * done) / Math.max(total, 1)).toFixed(1)}%)` : `${done}`;
    stream.write(
      `\r${label}: ${pos}  ${rate.toFixed(0)}/s${eta !== undefined ? `  ETA ${eta.toFixed(0)}s` : ''}   `,
    );
  };
  return {
    update(d, t) {
      done = d;
      total = t ?? total;
      const now = Date.now();
      if (now - last >= (opts.intervalMs ?? 500)) {
        last = now;
        render();
      }
    },
    finish() {
      render();
      stream.write('\n');
    },
  };
}
