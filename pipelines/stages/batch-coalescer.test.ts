import { describe, expect, it } from 'vitest';
import { BatchCoalescer } from './batch-coalescer.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('BatchCoalescer', () => {
  it('handles items submitted together as one group, later ones in the next group, one group at a time', async () => {
    const groups: number[][] = [];
    let running = 0;
    let release: () => void = () => {};
    const coalescer = new BatchCoalescer<number>(async (items) => {
      expect(++running).toBe(1);
      groups.push(items);
      if (items[0] === 1) await new Promise<void>((r) => (release = r));
      running--;
    });
    const first = [1, 2, 3].map((n) => coalescer.submit(n));
    await tick();
    await tick();
    // The first group is running: these wait for the next one.
    const second = [4, 5].map((n) => coalescer.submit(n));
    await tick();
    expect(groups).toEqual([[1, 2, 3]]);
    release();
    await Promise.all([...first, ...second]);
    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('rejects every item of a failed group and keeps handling later groups', async () => {
    const coalescer = new BatchCoalescer<string>(async (items) => {
      if (items.includes('bad')) throw new Error('group failed');
    });
    const failed = [coalescer.submit('a'), coalescer.submit('bad')];
    for (const p of failed) await expect(p).rejects.toThrow('group failed');
    await expect(coalescer.submit('c')).resolves.toBeUndefined();
  });
});
