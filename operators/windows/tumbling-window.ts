/**
 * Event-time tumbling windows (DESIGN §7). Event time is the transaction `utime`; the watermark is the largest
 * event time seen minus the allowed lateness, and only events move it — no wall clock, so a chain halt stalls the
 * windows, which is correct. When the watermark reaches a window's end, every key with activity in it is emitted
 * once (version 1). An event for a window that has already been emitted still updates it and re-emits that
 * window with version + 1. Emitted windows are kept until the watermark is `retentionSeconds` past their end;
 * an event for a window dropped already is left out of the windows and reported to `onDropped` (the grace
 * period of Kafka Streams' windows): re-opening the window would emit a partial aggregate over the full one.
 * Retention is what bounds the operator's memory: (retention / size) windows per key and size.
 */
import { Observable, type OperatorFunction } from 'rxjs';

export interface WindowSpec {
  /** Label stored in the rows, e.g. '1m'. */
  size: string;
  seconds: number;
}

export const DEFAULT_WINDOWS: readonly WindowSpec[] = [
  { size: '1m', seconds: 60 },
  { size: '1h', seconds: 3_600 },
  { size: '1d', seconds: 86_400 },
];

/** Parses `1m`, `15m`, `1h`, `1d`, `30s` into a window spec. */
export function parseWindowSize(size: string): WindowSpec {
  const m = /^(\d+)([smhd])$/.exec(size.trim());
  if (!m || Number(m[1]) <= 0) throw new RangeError(`window size "${size}" is not <n>s|m|h|d`);
  const unit = { s: 1, m: 60, h: 3_600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return { size: `${m[1]}${m[2]}`, seconds: Number(m[1]) * unit };
}

/** Default retention of emitted windows: one day of event time past their end. */
export const DEFAULT_RETENTION_SECONDS = 86_400;

export interface WindowBounds {
  size: string;
  start: number;
  end: number;
  version: number;
}

export interface TumblingWindowOptions<T, A, R> {
  windows?: readonly WindowSpec[];
  allowedLatenessSeconds?: number;
  /** How long past its end an emitted window is kept for late events (default one day, at least the lateness). */
  retentionSeconds?: number;
  /** Called for an item left out of a window dropped after retention (once per window size). */
  onDropped?: (item: T, window: WindowBounds) => void;
  /** Emit the still-open windows when the input completes (replays); default true. */
  flushOnComplete?: boolean;
  eventTime: (item: T) => number;
  /** Keys the item contributes to (a key is emitted per window it was active in). */
  keys: (item: T) => readonly string[];
  /** Fresh accumulator of a key in a window; `previous` = the key's accumulator in the latest earlier window. */
  init: (key: string, item: T, previous: A | undefined) => A;
  /** Folds an item into an accumulator; must return a new value (accumulators may be shared with `previous`). */
  accumulate: (acc: A, item: T, key: string) => A;
  emit: (acc: A, window: WindowBounds, key: string) => R;
}

interface Cell<A> {
  acc: A;
  version: number;
  /** Emitted at least once (the watermark passed its end). */
  closed: boolean;
}

export function tumblingWindow<T, A, R>(options: TumblingWindowOptions<T, A, R>): OperatorFunction<T, R> {
  const windows = options.windows ?? DEFAULT_WINDOWS;
  const lateness = options.allowedLatenessSeconds ?? 0;
  const retention = Math.max(options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS, lateness);
  const flush = options.flushOnComplete ?? true;
  return (source) =>
    new Observable<R>((subscriber) => {
      // size → windowStart → key → cell
      const cells = new Map<string, Map<number, Map<string, Cell<A>>>>(
        windows.map((w) => [w.size, new Map()]),
      );
      // size → key → latest accumulator (for `previous`)
      const latest = new Map<string, Map<string, { start: number; acc: A }>>(
        windows.map((w) => [w.size, new Map()]),
      );
      let maxTime = Number.NEGATIVE_INFINITY;

      const emitCell = (w: WindowSpec, start: number, key: string, cell: Cell<A>): void => {
        cell.version += 1;
        cell.closed = true;
        subscriber.next(
          options.emit(cell.acc, { size: w.size, start, end: start + w.seconds, version: cell.version }, key),
        );
      };

      const advance = (watermark: number, all: boolean): void => {
        const due: { w: WindowSpec; start: number; key: string; cell: Cell<A> }[] = [];
        for (const w of windows) {
          const byStart = cells.get(w.size)!;
          for (const [start, byKey] of byStart) {
            const end = start + w.seconds;
            if (all || end <= watermark) {
              for (const [key, cell] of byKey) if (!cell.closed) due.push({ w, start, key, cell });
            }
            if (end + retention <= watermark) byStart.delete(start);
          }
        }
        due.sort(
          (a, b) =>
            a.start + a.w.seconds - (b.start + b.w.seconds) ||
            a.w.seconds - b.w.seconds ||
            (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
        );
        for (const d of due) emitCell(d.w, d.start, d.key, d.cell);
      };

      const subscription = source.subscribe({
        next: (item) => {
          try {
            const t = options.eventTime(item);
            const keys = options.keys(item);
            const watermarkBefore = maxTime - lateness;
            for (const w of windows) {
              const start = Math.floor(t / w.seconds) * w.seconds;
              if (start + w.seconds + retention <= watermarkBefore) {
                options.onDropped?.(item, { size: w.size, start, end: start + w.seconds, version: 0 });
                continue;
              }
              const byStart = cells.get(w.size)!;
              let byKey = byStart.get(start);
              if (!byKey) byStart.set(start, (byKey = new Map()));
              const recent = latest.get(w.size)!;
              for (const key of keys) {
                let cell = byKey.get(key);
                if (!cell) {
                  const prev = recent.get(key);
                  cell = {
                    acc: options.init(key, item, prev && prev.start < start ? prev.acc : undefined),
                    version: 0,
                    closed: false,
                  };
                  byKey.set(key, cell);
                }
                cell.acc = options.accumulate(cell.acc, item, key);
                const prev = recent.get(key);
                if (!prev || prev.start <= start) recent.set(key, { start, acc: cell.acc });
                // Behind the watermark: the window was emitted already, re-emit it with the late event.
                if (cell.closed || start + w.seconds <= watermarkBefore) emitCell(w, start, key, cell);
              }
            }
            if (t > maxTime) {
              maxTime = t;
              advance(maxTime - lateness, false);
            }
          } catch (err) {
            subscriber.error(err);
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          if (flush) advance(maxTime - lateness, true);
          subscriber.complete();
        },
      });
      return () => subscription.unsubscribe();
    });
}
