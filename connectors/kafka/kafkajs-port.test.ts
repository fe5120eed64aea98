import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { chunkByBytes, memoizedKeyPartitioner } from './kafkajs-port.js';

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

describe('memoizedKeyPartitioner', () => {
  const metadata = (n: number): PartitionMetadata[] =>
    Array.from({ length: n }, (_, partitionId) => ({
      partitionId,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    }));

  it('puts every key where the default (murmur2) partitioner puts it, on first and repeated sends', () => {
    const memoized = memoizedKeyPartitioner(50)();
    const reference = Partitioners.DefaultPartitioner();
    const keys = Array.from({ length: 200 }, (_, i) => `0:${i.toString(16).padStart(64, 'a')}`);
    for (const partitions of [1, 3, 4, 12])
      for (let round = 0; round < 2; round++)
        for (const key of keys) {
          const args = { topic: 't', partitionMetadata: metadata(partitions), message: { key, value: 'v' } };
          expect(memoized(args)).toBe(reference(args));
        }
  });

  it('keeps an explicit partition and spreads keyless records over the partitions', () => {
    const memoized = memoizedKeyPartitioner()();
    const partitionMetadata = metadata(4);
    expect(memoized({ topic: 't', partitionMetadata, message: { key: 'k', value: 'v', partition: 3 } })).toBe(
      3,
    );
    const seen = new Set(
      Array.from({ length: 8 }, () => memoized({ topic: 't', partitionMetadata, message: { value: 'v' } })),
    );
    expect(seen.size).toBe(4);
  });
});
