import { describe, expect, it } from 'vitest';
import { chunkByBytes } from './kafkajs-port.js';

describe('chunkByBytes', () => {
  it('cuts large sends below the byte limit, keeping order and every record', () => {
    const records = Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: 'x'.repeat(1000) }));
    const chunks = chunkByBytes(
      [
        { topic: 'a', records: records.slice(0, 60) },
        { topic: 'b', records: records.slice(60) },
      ],
      10_000,
    );
    expect(chunks.length).toBeGreaterThan(5);
    const flat = chunks.flatMap((c) => c.flatMap((b) => b.records.map((r) => `${b.topic}:${r.key}`)));
    expect(flat).toEqual(records.map((r, i) => `${i < 60 ? 'a' : 'b'}:${r.key}`));
    for (const c of chunks)
      expect(
        c.flatMap((b) => b.records).reduce((n, r) => n + 1064 + String(r.key).length, 0),
      ).toBeLessThanOrEqual(10_000 + 1100);
  });

  it('keeps a single oversized record in its own request', () => {
    expect(chunkByBytes([{ topic: 't', records: [{ key: null, value: 'x'.repeat(50) }] }], 10)).toHaveLength(
      1,
    );
    expect(chunkByBytes([{ topic: 't', records: [] }], 10)).toEqual([]);
  });
});
