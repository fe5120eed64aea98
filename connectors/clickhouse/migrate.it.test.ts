import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshClickHouseDatabase } from '../../test/support/servers.js';
import { ConfigError } from '../../pipelines/runtime/errors.js';
import { migrateClickHouse, readClickHouseMigrations } from './migrate.js';

let db: Awaited<ReturnType<typeof freshClickHouseDatabase>>;

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await (await client.query({ query, format: 'JSONEachRow' })).json()) as T[];
}

beforeAll(async () => {
  db = await freshClickHouseDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('migrateClickHouse (real server)', () => {
  it('applies every migration once and is idempotent on the second run', async () => {
    const first = await migrateClickHouse(db.client, db.database);
    expect(first.applied).toEqual(readClickHouseMigrations().map((m) => m.version));
    expect(first.reloadedDimensions).toHaveLength(7);
    const second = await migrateClickHouse(db.client, db.database);
    expect(second).toEqual({ applied: [], reloadedDimensions: [], referenceVersion: 1 });

    const tables = await rows<{ name: string; engine: string }>(
      db.client,
      `SELECT name, engine FROM system.tables WHERE database = '${db.database}' ORDER BY name`,
    );
    const engines = Object.fromEntries(tables.map((t) => [t.name, t.engine]));
    for (const t of [
      'events',
      'tranche_snapshots',
      'exposure_snapshots',
      'drift_history',
      'alerts_history',
      'raw_transactions',
    ]) {
      expect(engines[t]).toBe('ReplacingMergeTree');
    }
    for (const v of [
      'events_current',
      'tranche_latest',
      'exposure_daily',
      'tranche_utilization',
      'drift_daily',
      'alerts_open',
    ]) {
      expect(engines[v]).toBe('View');
    }
    const migrations = await rows<{ n: string }>(
      db.client,
      `SELECT count() AS n FROM ${db.database}.schema_migrations FINAL`,
    );
    expect(Number(migrations[0]!.n)).toBe(readClickHouseMigrations().length);
  });

  it('fills the dimension tables from the reference data and reloads a table that drifted', async () => {
    const [products] = await rows<{ n: string; valid: string }>(
      db.client,
      `SELECT count() AS n, sum(valid) AS valid FROM ${db.database}.products FINAL`,
    );
    expect(products).toEqual({ n: '560', valid: '435' });
    await db.client.command({ query: `TRUNCATE TABLE ${db.database}.chains` });
    const again = await migrateClickHouse(db.client, db.database);
    expect(again.reloadedDimensions).toEqual(['chains']);
    const [catalog] = await rows<{ n: string }>(
      db.client,
      `SELECT count() AS n FROM ${db.database}.product_catalog WHERE generation = 'v3'`,
    );
    expect(Number(catalog!.n)).toBeGreaterThan(0);
  });

  it('refuses an applied migration whose file changed, and a database name that is not an identifier', async () => {
    const changed = readClickHouseMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrateClickHouse(db.client, db.database, { migrations: changed })).rejects.toThrow(
      /has changed/,
    );
    await expect(migrateClickHouse(db.client, 'x`; DROP DATABASE default; --')).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});
