import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ConfigError } from '../../pipelines/runtime/errors.js';

/** Folder of the SQL migrations (works from the sources and from dist/, which has no .sql files). */
export function migrationsDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes('/dist/')
    ? here.slice(0, here.indexOf('/dist/'))
    : fileURLToPath(new URL('../..', import.meta.url));
  return `${root.replace(/\/$/, '')}/schemas/postgres/migrations`;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.replace(/\.sql$/, ''),
      sql: readFileSync(`${dir}/${f}`, 'utf8'),
    }));
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new ConfigError(`invalid SQL identifier '${name}'`, 'namespace');
  return `"${name}"`;
}

/**
 * Applies pending migrations in order, each in its own transaction, inside the namespace's schema. An advisory
 * lock keeps concurrent replicas from migrating at once. Returns the versions applied.
 */
export async function migratePostgres(
  url: string,
  schema: string,
  migrations = readMigrations(),
): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`tonstream-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)),
    );
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('COMMIT');
        applied.push(m.version);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`tonstream-migrate:${schema}`])
      .catch(() => {});
    await client.end();
  }
  return applied;
}

/** A pool whose connections use the namespace's schema. */
export function createPool(url: string, schema: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, options: `-c search_path=${quoteIdent(schema)}` });
  // An idle client losing its connection (server restart, admin kill) must not crash the process: the pool
  // drops it and the next query opens a new one.
  pool.on('error', () => {});
  return pool;
}
