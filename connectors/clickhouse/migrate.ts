import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';
import { ConfigError } from '../../pipelines/runtime/errors.js';
import { defaultReferenceData, type ReferenceData } from '../../schemas/reference/index.js';
import { DIMENSION_TABLES, dimensionRows } from './dimensions.js';
import { isClickHouseIdentifier, quoteClickHouseIdentifier, splitSqlStatements } from './sql-statements.js';

/** Folder of the ClickHouse migrations (works from the sources and from dist/, which has no .sql files). */
export function clickHouseMigrationsDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes('/dist/')
    ? here.slice(0, here.indexOf('/dist/'))
    : fileURLToPath(new URL('../..', import.meta.url));
  return `${root.replace(/\/$/, '')}/schemas/clickhouse/migrations`;
}

export interface ClickHouseMigration {
  version: number;
  name: string;
  /** SHA-256 of the file: an applied migration whose file changed afterwards is refused. */
  checksum: string;
  /** Statements with the `{database}` placeholder still in place. */
  statements: string[];
}

/** Placeholder the migration files use for the target database. */
export const DATABASE_PLACEHOLDER = '{database}';

export function readClickHouseMigrations(dir = clickHouseMigrationsDir()): ClickHouseMigration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(`${dir}/${f}`, 'utf8');
      return {
        version: Number(f.slice(0, 3)),
        name: f.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update(sql).digest('hex'),
        statements: splitSqlStatements(sql),
      };
    });
}

export interface ClickHouseMigrateOptions {
  migrations?: ClickHouseMigration[];
  /** Reference data for the dimension tables; default the bundled data. */
  reference?: ReferenceData;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ClickHouseMigrateResult {
  /** Versions applied by this run. */
  applied: number[];
  /** Dimension tables reloaded because their content was not the bundled reference version. */
  reloadedDimensions: string[];
  referenceVersion: number;
}

/**
 * Creates the database and `schema_migrations`, applies pending migrations in order (one statement per request:
 * the HTTP interface refuses multi-statements), then makes the dimension tables match the reference data.
 *
 * ClickHouse has no DDL transactions, so every statement in a migration must be idempotent (`IF NOT EXISTS`):
 * a run that failed half-way is completed by the next one. For the same reason concurrent runners are harmless.
 */
export async function migrateClickHouse(
  client: ClickHouseClient,
  database: string,
  options: ClickHouseMigrateOptions = {},
): Promise<ClickHouseMigrateResult> {
  if (!isClickHouseIdentifier(database)) {
    throw new ConfigError(
      `invalid ClickHouse database name '${database}': letters, digits and _ only`,
      'clickhouse.database',
    );
  }
  const db = quoteClickHouseIdentifier(database);
  const migrations = options.migrations ?? readClickHouseMigrations();
  const log = options.log ?? (() => {});

  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
  await client.command({
    query:
      `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (version UInt32, name String, checksum String, applied_at DateTime) ` +
      'ENGINE = ReplacingMergeTree() ORDER BY version',
  });
  const rows = await selectRows<{ version: number; name: string; checksum: string }>(
    client,
    `SELECT version, name, checksum FROM ${db}.schema_migrations FINAL ORDER BY version`,
  );
  const done = new Map(rows.map((r) => [Number(r.version), r]));

  const applied: number[] = [];
  for (const m of migrations) {
    const previous = done.get(m.version);
    if (previous) {
      if (previous.checksum !== m.checksum) {
        throw new ConfigError(
          `ClickHouse migration ${m.name} was applied to ${database} and its file has changed since; add a new migration instead`,
          'clickhouse.migrations',
        );
      }
      continue;
    }
    for (const [i, statement] of m.statements.entries()) {
      try {
        await client.command({ query: statement.split(DATABASE_PLACEHOLDER).join(db) });
      } catch (err) {
        throw new Error(
          `ClickHouse migration ${m.name} failed at statement ${i + 1}: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    await client.insert({
      table: `${db}.schema_migrations`,
      values: [
        { version: m.version, name: m.name, checksum: m.checksum, applied_at: Math.floor(Date.now() / 1000) },
      ],
      format: 'JSONEachRow',
    });
    applied.push(m.version);
    log('clickhouse migration applied', { database, migration: m.name });
  }

  const ref = options.reference ?? defaultReferenceData();
  const reloadedDimensions = await refreshDimensions(client, db, ref);
  if (reloadedDimensions.length)
    log('clickhouse dimension tables reloaded', {
      database,
      tables: reloadedDimensions,
      referenceVersion: ref.version,
    });
  return { applied, reloadedDimensions, referenceVersion: ref.version };
}

/**
 * Reloads each dimension table whose row count or reference version differs from the data at hand. Unchanged
 * tables are left alone, so a restart does not empty a table that analysts are joining on.
 */
async function refreshDimensions(
  client: ClickHouseClient,
  db: string,
  ref: ReferenceData,
): Promise<string[]> {
  const wanted = dimensionRows(ref);
  const reloaded: string[] = [];
  for (const table of DIMENSION_TABLES) {
    const rows = wanted[table];
    const [stats] = await selectRows<{ n: string; min_v: number; max_v: number }>(
      client,
      `SELECT count() AS n, min(reference_version) AS min_v, max(reference_version) AS max_v FROM ${db}.${table} FINAL`,
    );
    const current =
      stats !== undefined &&
      Number(stats.n) === rows.length &&
      Number(stats.min_v) === ref.version &&
      Number(stats.max_v) === ref.version;
    if (current) continue;
    await client.command({ query: `TRUNCATE TABLE ${db}.${table}` });
    if (rows.length) await client.insert({ table: `${db}.${table}`, values: rows, format: 'JSONEachRow' });
    reloaded.push(table);
  }
  return reloaded;
}

async function selectRows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  return (await result.json()) as T[];
}
