import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { parseWindowSize, tumblingWindow } from './tumbling-window.js';

interface Item {
  t: number;
  v: number;
}
interface Row {
  key: string;
  start: number;
  sum: number;
  version: number;
}

const sumWindows = (flushOnComplete = true, retentionSeconds?: number, onDropped?: (i: Item) => void) =>
  tumblingWindow<Item, number, Row>({
    windows: [{ size: '10s', seconds: 10 }],
    allowedLatenessSeconds: 2,
    flushOnComplete,
    retentionSeconds,
    onDropped,
    eventTime: (i) => i.t,
    keys: () => ['k'],
    init: () => 0,
    accumulate: (acc, i) => acc + i.v,
    emit: (sum, w, key) => ({ key, start: w.start, sum, version: w.version }),
  });

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('tumblingWindow (marbles)', () => {
  it('emits a window once the watermark (max time − lateness) passes its end', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Item>('a-b-c-d', {
        a: { t: 1, v: 1 },
        b: { t: 5, v: 2 },
        c: { t: 11, v: 4 },
        d: { t: 12, v: 8 },
      });
      // c moves the watermark to 9 (window [0,10) still open), d to 10: the window closes with a+b.
      expectObservable(source.pipe(sumWindows(false))).toBe('------x', {
        x: { key: 'k', start: 0, sum: 3, version: 1 },
      });
    });
  });

  it('folds an event that is late but within the allowed lateness into the still-open window', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Item>('a-c-b-d', {
        a: { t: 1, v: 1 },
        c: { t: 11, v: 4 },
        b: { t: 8, v: 2 },
        d: { t: 13, v: 8 },
      });
      expectObservable(source.pipe(sumWindows(false))).toBe('------x', {
        x: { key: 'k', start: 0, sum: 3, version: 1 },
      });
    });
  });

  it('re-emits a closed window with version + 1 for an event beyond the lateness', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Item>('a-c-b-e', {
        a: { t: 1, v: 1 },
        c: { t: 13, v: 4 },
        b: { t: 4, v: 2 },
        e: { t: 6, v: 16 },
      });
      expectObservable(source.pipe(sumWindows(false))).toBe('--x-y-z', {
        x: { key: 'k', start: 0, sum: 1, version: 1 },
        y: { key: 'k', start: 0, sum: 3, version: 2 },
        z: { key: 'k', start: 0, sum: 19, version: 3 },
      });
    });
  });

  it('leaves out and reports an event whose window was dropped after retention', () => {
    const dropped: Item[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Item>('a-c-b-d|', {
        a: { t: 1, v: 1 },
        c: { t: 13, v: 4 },
        // Window [0, 10) ends at 10; with retention 20 it is dropped once the watermark (t − 2) reaches 30.
        b: { t: 33, v: 2 },
        d: { t: 5, v: 8 },
      });
      expectObservable(source.pipe(sumWindows(true, 20, (i) => dropped.push(i)))).toBe('--x-y--(z|)', {
        x: { key: 'k', start: 0, sum: 1, version: 1 },
        y: { key: 'k', start: 10, sum: 4, version: 1 },
        z: { key: 'k', start: 30, sum: 2, version: 1 },
      });
    });
    expect(dropped).toEqual([{ t: 5, v: 8 }]);
  });

  it('stalls when no events arrive: no wall clock closes a window', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Item>('a------------', { a: { t: 1, v: 1 } });
      expectObservable(source.pipe(sumWindows(false))).toBe('-------------');
    });
  });

  it('flushes the open windows when the input completes (replays)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<Item>('a-b|', { a: { t: 1, v: 1 }, b: { t: 21, v: 2 } });
      expectObservable(source.pipe(sumWindows(true))).toBe('--x(y|)', {
        x: { key: 'k', start: 0, sum: 1, version: 1 },
        y: { key: 'k', start: 20, sum: 2, version: 1 },
      });
    });
  });

  it('parses window sizes', () => {
    expect(parseWindowSize('1m')).toEqual({ size: '1m', seconds: 60 });
    expect(parseWindowSize('1d').seconds).toBe(86_400);
    expect(() => parseWindowSize('0m')).toThrow(RangeError);
    expect(() => parseWindowSize('1w')).toThrow(RangeError);
  });
});
