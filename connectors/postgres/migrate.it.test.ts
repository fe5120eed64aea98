import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../test/support/servers.js';
import { createPool, migratePostgres, readMigrations } from './migrate.js';
import { writeReferenceDimensions } from './reference-dimensions.js';
import { defaultReferenceData } from '../../schemas/reference/index.js';

describe('PostgreSQL migrations (real server)', () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    db = await freshPostgresDatabase();
  });
  afterAll(async () => db?.drop());

  it('applies every migration once, in the namespace schema, concurrently safe', async () => {
    const all = readMigrations().map((m) => m.version);
    const [a, b] = await Promise.all([migratePostgres(db.url, 'ns_a'), migratePostgres(db.url, 'ns_a')]);
    expect([...a, ...b].sort()).toEqual(all);
    expect(await migratePostgres(db.url, 'ns_a')).toEqual([]);
    const pool = createPool(db.url, 'ns_a');
    const tables = await pool.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'ns_a' ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'source_cursors',
        'consumer_offsets',
        'schema_migrations',
        'events',
        'policies',
        'product_exposure',
        'tranche_state',
        'contract_state',
        'alerts',
        'drift_latest',
        'dim_products',
      ]),
    );
    // Dimension tables: written twice, still exactly the reference data (435 valid of 560 products).
    await writeReferenceDimensions(pool, defaultReferenceData());
    await writeReferenceDimensions(pool, defaultReferenceData());
    const products = await pool.query(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE valid)::int AS valid FROM dim_products',
    );
    expect(products.rows[0]).toEqual({ n: 560, valid: 435 });
    expect((await pool.query('SELECT count(*)::int AS n FROM dim_tranches')).rows[0].n).toBe(12);
    await pool.end();
  });

  it('rolls back a failing migration and reports its name', async () => {
    await expect(
      migratePostgres(db.url, 'ns_b', [
        { version: 1, name: '001_ok', sql: 'CREATE TABLE ok (id int)' },
        { version: 2, name: '002_broken', sql: 'CREATE TABLE broken (id int); SELECT nope' },
      ]),
    ).rejects.toThrow(/migration 002_broken failed/);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const rows = (
      await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'ns_b' ORDER BY 1`)
    ).rows.map((r) => r.table_name);
    expect(rows).toEqual(['ok', 'schema_migrations']);
    await c.end();
  });
});
