import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshClickHouseDatabase } from '../../test/support/servers.js';
import { analystClient } from './analyst-user.fixture.js';
import { ClickHouseSink } from './clickhouse-sink.js';
import { migrateClickHouse } from './migrate.js';
import {
  alertRow,
  driftRow,
  eventRow,
  exposureSnapshotRow,
  trancheSnapshotRow,
  type ClickHouseRecord,
} from './rows.js';
import {
  ABOVE_2_53,
  alert,
  depositMade,
  driftCheck,
  exposureSnapshot,
  policyCreated,
  trancheSnapshot,
} from './sample-rows.fixture.js';

let db: Awaited<ReturnType<typeof freshClickHouseDatabase>>;
let sink: ClickHouseSink;

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await (await client.query({ query, format: 'JSONEachRow' })).json()) as T[];
}

const eventRecords = (n: number, offset = 0): ClickHouseRecord[] =>
  Array.from({ length: n }, (_, i) => ({ table: 'events', row: eventRow(policyCreated(offset + i)) }));

beforeAll(async () => {
  db = await freshClickHouseDatabase();
  await migrateClickHouse(db.client, db.database);
  sink = new ClickHouseSink({ url: db.url, database: db.database, flushRows: 50_000, flushIntervalMs: 200 });
  await sink.connect();
});
afterAll(async () => {
  await sink?.close().catch(() => {});
  await db?.drop();
});

describe('ClickHouseSink (real server)', () => {
  it('a 100k-event replay written twice holds each event once, in few large inserts', async () => {
    const own = await freshClickHouseDatabase();
    await migrateClickHouse(own.client, own.database);
    const big = new ClickHouseSink({
      url: own.url,
      database: own.database,
      flushRows: 20_000,
      flushIntervalMs: 1000,
    });
    await big.connect();
    const N = 100_000;
    for (let pass = 0; pass < 2; pass++) {
      for (let start = 0; start < N; start += 5_000)
        await big.writeBatch(eventRecords(5_000, 1_000_000 + start));
      await big.flush();
    }
    const inserts = big.stats().inserts;
    await big.close();
    const [final] = await rows<{ n: string; ids: string }>(
      own.client,
      `SELECT count() AS n, uniqExact(event_id) AS ids FROM ${own.database}.events FINAL`,
    );
    await own.drop();
    expect(final).toEqual({ n: String(N), ids: String(N) });
    // 200k rows in 40 writeBatch calls went out in a handful of large inserts (≥ 10k rows each).
    expect(inserts).toBeGreaterThanOrEqual(2);
    expect(inserts).toBeLessThanOrEqual(20);
  });

  it('writing the same events twice leaves one row per event id', async () => {
    const batch = [
      ...eventRecords(500),
      { table: 'events', row: eventRow(depositMade(1, ABOVE_2_53)) } as ClickHouseRecord,
    ];
    await sink.writeBatch(batch);
    await sink.flush();
    await sink.writeBatch(batch);
    await sink.flush();
    const [raw] = await rows<{ n: string }>(db.client, `SELECT count() AS n FROM ${db.database}.events`);
    expect(Number(raw!.n)).toBeGreaterThanOrEqual(501);
    const [final] = await rows<{ n: string; ids: string }>(
      db.client,
      `SELECT count() AS n, uniqExact(event_id) AS ids FROM ${db.database}.events FINAL`,
    );
    expect(final).toEqual({ n: '501', ids: '501' });
    const [viaView] = await rows<{ n: string }>(
      db.client,
      `SELECT count() AS n FROM ${db.database}.events_current`,
    );
    expect(viaView!.n).toBe('501');
    const byArgMax = await rows<{ event_id: string; amount: string }>(
      db.client,
      `SELECT event_id, argMax(amount, version) AS amount FROM ${db.database}.events WHERE event_type = 'DepositMade' GROUP BY event_id`,
    );
    // UInt64 comes back quoted, so 2^53 + 1 survives the round trip.
    expect(byArgMax).toEqual([{ event_id: depositMade(1, 0n).eventId, amount: '9007199254740993' }]);
  });

  it('a re-enrichment with a higher version replaces the event row', async () => {
    const e = policyCreated(0);
    const corrected = { ...e, enrichment: { ...(e.enrichment as object), referenceVersion: 2 } };
    await sink.write('events', [eventRow({ ...corrected, data: { ...e.data, premium: '1' } })]);
    await sink.flush();
    const got = await rows<{ premium: string; version: string }>(
      db.client,
      `SELECT premium, version FROM ${db.database}.events FINAL WHERE event_id = '${e.eventId}'`,
    );
    expect(got).toEqual([{ premium: '1', version: '2' }]);
  });

  it('a late correction (higher version) replaces a snapshot row; an older version does not', async () => {
    await sink.write('tranche_snapshots', [
      trancheSnapshotRow(trancheSnapshot({ version: 1, capital: 100n })),
    ]);
    await sink.write('exposure_snapshots', [
      exposureSnapshotRow(exposureSnapshot({ version: 1, activePolicies: 3 })),
    ]);
    await sink.flush();
    await sink.write('tranche_snapshots', [
      trancheSnapshotRow(trancheSnapshot({ version: 2, capital: ABOVE_2_53 })),
    ]);
    await sink.write('exposure_snapshots', [
      exposureSnapshotRow(exposureSnapshot({ version: 2, activePolicies: 4 })),
    ]);
    await sink.flush();
    await sink.write('tranche_snapshots', [
      trancheSnapshotRow(trancheSnapshot({ version: 1, capital: 100n })),
    ]); // replayed stale row
    await sink.flush();
    const tranche = await rows<{ capital: string; version: string }>(
      db.client,
      `SELECT capital, version FROM ${db.database}.tranche_snapshots_current`,
    );
    expect(tranche).toEqual([{ capital: '9007199254740993', version: '2' }]);
    const exposure = await rows<{ active_policies: number; version: string }>(
      db.client,
      `SELECT active_policies, version FROM ${db.database}.exposure_snapshots FINAL`,
    );
    expect(exposure).toEqual([{ active_policies: 4, version: '2' }]);
  });

  it('the analyst views answer', async () => {
    await sink.write('tranche_snapshots', [
      trancheSnapshotRow(
        trancheSnapshot({
          windowStart: 1_720_004_400,
          windowEnd: 1_720_008_000,
          utilizationBps: 9_300,
          version: 1,
        }),
      ),
    ]);
    await sink.write('drift_history', [
      driftRow(driftCheck()),
      driftRow(
        driftCheck({
          checkedAt: 1_720_007_200,
          status: 'ok',
          absDrift: 0n,
          derivedValue: ABOVE_2_53,
          relDrift: 0,
        }),
      ),
    ]);
    await sink.write('alerts_history', [
      alertRow(alert()),
      alertRow(alert({ alertId: 'drift:x', type: 'drift', severity: 'critical' })),
    ]);
    await sink.flush();
    await sink.write('alerts_history', [
      alertRow(alert({ state: 'resolved', at: 1_720_007_200, value: 8_000 })),
    ]);
    await sink.flush();

    const latest = await rows<{ window_start: number; utilization_bps: string }>(
      db.client,
      `SELECT toUnixTimestamp(window_start) AS window_start, utilization_bps FROM ${db.database}.tranche_latest WHERE window_size = '1h'`,
    );
    expect(latest).toEqual([{ window_start: 1_720_004_400, utilization_bps: '9300' }]);
    const utilization = await rows<{ n: string }>(
      db.client,
      `SELECT count() AS n FROM ${db.database}.tranche_utilization WHERE tranche_name = 'SURE-BTC'`,
    );
    expect(utilization[0]!.n).toBe('2');
    const daily = await rows<{
      category: string;
      chain_name: string;
      asset: string;
      active_coverage: string;
    }>(db.client, `SELECT category, chain_name, asset, active_coverage FROM ${db.database}.exposure_daily`);
    expect(daily).toEqual([
      { category: 'Depeg', chain_name: 'Ethereum', asset: 'USDC', active_coverage: '9007199254740993' },
    ]);
    const drift = await rows<{ checks: string; drifted_checks: string; exact_mismatches: string }>(
      db.client,
      `SELECT checks, drifted_checks, exact_mismatches FROM ${db.database}.drift_daily`,
    );
    expect(drift).toEqual([{ checks: '2', drifted_checks: '1', exact_mismatches: '1' }]);
    const driftLatest = await rows<{ status: string }>(
      db.client,
      `SELECT status FROM ${db.database}.drift_latest`,
    );
    expect(driftLatest).toEqual([{ status: 'ok' }]);
    const open = await rows<{ alert_id: string; state: string }>(
      db.client,
      `SELECT alert_id, state FROM ${db.database}.alerts_open`,
    );
    expect(open).toEqual([{ alert_id: 'drift:x', state: 'open' }]);
  });

  it('the readonly analyst can SELECT and cannot INSERT', async (ctx) => {
    const analyst = await analystClient(db.url, db.database);
    if (!analyst) ctx.skip();
    try {
      const got = await rows<{ n: string }>(analyst!, 'SELECT count() AS n FROM events_current');
      expect(Number(got[0]!.n)).toBe(501);
      const err = await analyst!
        .insert({
          table: 'alerts_history',
          values: [alertRow(alert({ alertId: 'forged' }))],
          format: 'JSONEachRow',
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/readonly|not enough privileges|Cannot execute query/i);
      await expect(analyst!.command({ query: 'DROP TABLE events' })).rejects.toThrow();
    } finally {
      await analyst?.close();
    }
    const forged = await rows<{ n: string }>(
      db.client,
      `SELECT count() AS n FROM ${db.database}.alerts_history WHERE alert_id = 'forged'`,
    );
    expect(forged[0]!.n).toBe('0');
  });

  it('writes 200k event rows through the buffer at a useful rate', async () => {
    const n = 200_000;
    const records = eventRecords(n, 1_000_000);
    const started = performance.now();
    for (let i = 0; i < n; i += 5_000) await sink.writeBatch(records.slice(i, i + 5_000));
    await sink.flush();
    const seconds = (performance.now() - started) / 1000;
    const stats = sink.stats();
    console.log(
      `[clickhouse sink] ${n} event rows in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} rows/s; ` +
        `inserts ${stats.inserts}, max insert ${stats.insertMsMax} ms, retries ${stats.retries}`,
    );
    const [count] = await rows<{ n: string }>(
      db.client,
      `SELECT count() AS n FROM ${db.database}.events FINAL WHERE event_type = 'PolicyCreated' AND lt >= 47000001000000`,
    );
    expect(Number(count!.n)).toBe(n);
  });

  it('writes 100k tranche snapshot rows through the buffer', async () => {
    const n = 100_000;
    const records: ClickHouseRecord[] = Array.from({ length: n }, (_, i) => ({
      table: 'tranche_snapshots',
      row: trancheSnapshotRow(
        trancheSnapshot({
          windowSize: '1m',
          windowStart: 1_700_000_000 + 60 * i,
          windowEnd: 1_700_000_060 + 60 * i,
        }),
      ),
    }));
    const started = performance.now();
    for (let i = 0; i < n; i += 5_000) await sink.writeBatch(records.slice(i, i + 5_000));
    await sink.flush();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[clickhouse sink] ${n} tranche snapshot rows in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} rows/s`,
    );
    const [count] = await rows<{ n: string }>(
      db.client,
      `SELECT count() AS n FROM ${db.database}.tranche_snapshots FINAL WHERE window_size = '1m'`,
    );
    expect(Number(count!.n)).toBe(n);
  });
});
