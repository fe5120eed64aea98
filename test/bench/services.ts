/**
 * Servers for the sections that need Kafka, PostgreSQL and ClickHouse: the endpoints from KAFKA_BROKERS,
 * DATABASE_URL and CLICKHOUSE_URL when all three are set, else the local stack (started if it is down). Also
 * the scratch names, databases and topics a section creates and drops again.
 */
import { randomBytes } from 'node:crypto';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { fromLocalStack, type Endpoints } from '../setup/endpoints.js';

let resolved: Promise<Endpoints> | null = null;

export function benchEndpoints(env: NodeJS.ProcessEnv = process.env): Promise<Endpoints> {
  if (env.KAFKA_BROKERS && env.DATABASE_URL && env.CLICKHOUSE_URL) {
    return Promise.resolve({
      kafkaBrokers: env.KAFKA_BROKERS,
      databaseUrl: env.DATABASE_URL,
      clickhouseUrl: env.CLICKHOUSE_URL,
      origin: 'env',
    });
  }
  return (resolved ??= fromLocalStack());
}

/** Lowercase name unique to this run: valid as a PostgreSQL schema, ClickHouse database and config namespace. */
export function scratchName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function brokerList(endpoints: Endpoints): string[] {
  return endpoints.kafkaBrokers.split(',').map((b) => b.trim());
}

/** Plain kafkajs, quiet: for baselines and for what the port does not offer (deleting consumer groups). */
export function plainKafka(endpoints: Endpoints, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: brokerList(endpoints), logLevel: logLevel.NOTHING });
}

/** Deletes topics and consumer groups a section created; failures are reported, not thrown. */
export async function dropKafkaScratch(
  endpoints: Endpoints,
  what: { topics?: string[]; groups?: string[] },
  log: (line: string) => void,
): Promise<void> {
  const admin = plainKafka(endpoints, scratchName('bench_cleanup')).admin();
  await admin.connect();
  try {
    // One at a time: a group that never formed fails the whole request otherwise.
    const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    for (const group of what.groups ?? []) {
      if (existing.has(group))
        await admin
          .deleteGroups([group])
          .catch((err: unknown) => log(`  cleanup: group ${group} not deleted: ${String(err)}`));
    }
    if (what.topics?.length)
      await admin
        .deleteTopics({ topics: what.topics })
        .catch((err: unknown) => log(`  cleanup: topics not deleted: ${String(err)}`));
  } finally {
    await admin.disconnect();
  }
}

/** A PostgreSQL database of its own, dropped by `drop`. */
export async function scratchPostgresDatabase(
  endpoints: Endpoints,
  name: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: endpoints.databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(endpoints.databaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: endpoints.databaseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Drops a namespace's schema from the main database (the stages migrate into `<namespace>`). */
export async function dropPostgresSchema(endpoints: Endpoints, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: endpoints.databaseUrl });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

export function clickHouseClient(endpoints: Endpoints): ClickHouseClient {
  return createClient({ url: endpoints.clickhouseUrl, request_timeout: 120_000 });
}

export async function dropClickHouseDatabase(endpoints: Endpoints, database: string): Promise<void> {
  const client = clickHouseClient(endpoints);
  try {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  } finally {
    await client.close();
  }
}

export async function clickHouseCount(client: ClickHouseClient, sql: string): Promise<number> {
  const rows = await (
    await client.query({ query: sql, format: 'JSONEachRow' })
  ).json<{ n: string | number }>();
  return Number(rows[0]?.n ?? 0);
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Peak resident set size, sampled every `everyMs` while running. */
export function rssSampler(everyMs = 100): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
