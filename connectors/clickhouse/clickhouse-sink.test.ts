import type { ClickHouseClient } from '@clickhouse/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, SinkWriteError } from '../../pipelines/runtime/errors.js';
import { ClickHouseSink } from './clickhouse-sink.js';
import type { ClickHouseRecord } from './rows.js';
import { eventRow, trancheSnapshotRow } from './rows.js';
import { policyCreated, trancheSnapshot } from './sample-rows.fixture.js';

interface InsertCall {
  table: string;
  rows: number;
  format: string;
}

/** Records inserts; `behaviour` decides per call whether it fails or how long it takes. */
function fakeClient(behaviour: (call: InsertCall, n: number) => Promise<void> | void = () => {}) {
  const calls: InsertCall[] = [];
  const client = {
    async insert(params: { table: string; values: unknown[]; format: string }) {
      const call = { table: params.table, rows: params.values.length, format: params.format };
      calls.push(call);
      await behaviour(call, calls.length);
      return { executed: true, query_id: String(calls.length) };
    },
    async ping() {
      return { success: true };
    },
    async query() {
      return { json: async () => [] };
    },
    async close() {},
  };
  return { client: client as unknown as ClickHouseClient, calls };
}

const events = (n: number, offset = 0): ClickHouseRecord[] =>
  Array.from({ length: n }, (_, i) => ({ table: 'events', row: eventRow(policyCreated(offset + i)) }));

const fastRetry = { retries: 3, retryInitialDelayMs: 1, retryMaxDelayMs: 2 };

afterEach(() => {
  vi.useRealTimers();
});

describe('ClickHouseSink', () => {
  it('flushes a table once it holds flushRows rows, always as JSONEachRow into the configured database', async () => {
    const { client, calls } = fakeClient();
    const sink = new ClickHouseSink(
      { database: 'hist', flushRows: 100, flushIntervalMs: 60_000, checkTables: false },
      { client },
    );
    await sink.connect();
    await sink.writeBatch(events(99));
    await Promise.resolve();
    expect(calls).toHaveLength(0);
    await sink.writeBatch(events(1, 99));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ table: '`hist`.events', rows: 100, format: 'JSONEachRow' });
    await sink.close();
  });

  it('flushes a partial buffer after flushIntervalMs, per table', async () => {
    vi.useFakeTimers();
    const { client, calls } = fakeClient();
    const sink = new ClickHouseSink(
      { flushRows: 1000, flushIntervalMs: 1000, checkTables: false },
      { client },
    );
    await sink.connect();
    await sink.writeBatch([
      ...events(3),
      { table: 'tranche_snapshots', row: trancheSnapshotRow(trancheSnapshot()) },
    ]);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(calls.map((c) => [c.table, c.rows]).sort()).toEqual([
      ['`tonstream`.events', 3],
      ['`tonstream`.tranche_snapshots', 1],
    ]);
    await sink.close();
  });

  it('splits a large buffer into inserts of at most maxInsertRows and flush() waits for all of them', async () => {
    const { client, calls } = fakeClient();
    const sink = new ClickHouseSink(
      {
        flushRows: 10_000,
        maxInsertRows: 400,
        maxBufferedRows: 10_000,
        flushIntervalMs: 60_000,
        checkTables: false,
      },
      { client },
    );
    await sink.connect();
    await sink.writeBatch(events(1000));
    await sink.flush();
    expect(calls.map((c) => c.rows)).toEqual([400, 400, 200]);
    expect(sink.stats().written.events).toBe(1000);
    expect(sink.stats().buffered.events).toBe(0);
    await sink.close();
  });

  it('applies backpressure: writeBatch waits while maxBufferedRows are held', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { client, calls } = fakeClient(async () => gate);
    const sink = new ClickHouseSink(
      { flushRows: 50, maxBufferedRows: 100, flushIntervalMs: 60_000, checkTables: false },
      { client },
    );
    await sink.connect();
    await sink.writeBatch(events(100)); // goes to the (blocked) insert
    let accepted = false;
    const pending = sink.writeBatch(events(10, 100)).then(() => (accepted = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(accepted).toBe(false);
    expect(calls).toHaveLength(1);
    release();
    await pending;
    expect(accepted).toBe(true);
    await sink.close();
    expect(sink.stats().written.events).toBe(110);
  });

  it('retries transient server errors and counts them', async () => {
    const { client, calls } = fakeClient((_call, n) => {
      if (n === 1) throw Object.assign(new Error('Too many parts (300)'), { code: '252' });
      if (n === 2) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    const sink = new ClickHouseSink({ ...fastRetry, checkTables: false }, { client });
    await sink.connect();
    await sink.writeBatch(events(5));
    await sink.flush();
    expect(calls).toHaveLength(3);
    expect(sink.stats().retries).toBe(2);
    expect(sink.stats().written.events).toBe(5);
    await sink.close();
  });

  it('does not retry data errors: the sink fails and every later call reports the same SinkWriteError', async () => {
    const { client, calls } = fakeClient(() => {
      throw Object.assign(new Error('Cannot parse input'), { code: '27' });
    });
    const sink = new ClickHouseSink({ ...fastRetry, checkTables: false }, { client });
    await sink.connect();
    await sink.writeBatch(events(5));
    const err = await sink.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SinkWriteError);
    expect((err as SinkWriteError).retriable).toBe(false);
    expect((err as SinkWriteError).message).toMatch(/5 rows into tonstream\.events failed \(code 27\)/);
    expect(calls).toHaveLength(1);
    await expect(sink.writeBatch(events(1))).rejects.toBe(err);
    await expect(sink.close()).rejects.toBe(err);
  });

  it('gives up after the configured attempts with a retriable SinkWriteError', async () => {
    const { client, calls } = fakeClient(() => {
      throw Object.assign(new Error('Memory limit exceeded'), { code: '241' });
    });
    const sink = new ClickHouseSink({ ...fastRetry, checkTables: false }, { client });
    await sink.connect();
    await sink.writeBatch(events(2));
    const err = await sink.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SinkWriteError);
    expect((err as SinkWriteError).retriable).toBe(true);
    expect(calls).toHaveLength(3);
  });

  it('close() flushes what is buffered', async () => {
    const { client, calls } = fakeClient();
    const sink = new ClickHouseSink(
      { flushRows: 1000, flushIntervalMs: 60_000, checkTables: false },
      { client },
    );
    await sink.connect();
    await sink.writeBatch(events(7));
    await sink.close();
    expect(calls).toEqual([{ table: '`tonstream`.events', rows: 7, format: 'JSONEachRow' }]);
    await expect(sink.writeBatch(events(1))).rejects.toThrow(/closed/);
  });

  it('rejects bad configuration with a ConfigError naming the key', () => {
    expect(() => new ClickHouseSink({ database: 'x; DROP' })).toThrow(ConfigError);
    expect(() => new ClickHouseSink({ flushRows: 1000, maxBufferedRows: 10 })).toThrow(/maxBufferedRows/);
  });

  it('refuses to start on a database without the history tables', async () => {
    const { client } = fakeClient();
    const sink = new ClickHouseSink({ database: 'empty' }, { client });
    await expect(sink.connect()).rejects.toThrow(/lacks table\(s\) events, tranche_snapshots/);
  });
});
