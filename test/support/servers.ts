import { randomBytes } from 'node:crypto';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import pg from 'pg';
import { inject } from 'vitest';
import { createKafkajsPort } from '../../connectors/kafka/index.js';
import type { Endpoints } from '../setup/endpoints.js';

/** Endpoints of the real servers, provided by the integration global setup. */
export function endpoints(): Endpoints {
  return inject('endpoints');
}

/** A name unique to this test run and file: topics, databases and tables never collide between files. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function testKafka(clientId = uniqueName('test')) {
  return createKafkajsPort({ brokers: endpoints().kafkaBrokers.split(','), clientId });
}

/** A fresh PostgreSQL database for one test file; dropped by the returned cleanup. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = endpoints().databaseUrl;
  const name = uniqueName('t');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh ClickHouse database for one test file. */
export async function freshClickHouseDatabase(): Promise<{
  client: ClickHouseClient;
  database: string;
  url: string;
  drop: () => Promise<void>;
}> {
  const url = endpoints().clickhouseUrl;
  const database = uniqueName('t');
  const admin = createClient({ url });
  await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  await admin.close();
  const client = createClient({ url, database });
  return {
    client,
    database,
    url,
    drop: async () => {
      await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
      await client.close();
    },
  };
}
