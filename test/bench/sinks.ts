/**
 * Sinks section: batch write rate of the two stores, each against a plain write of the same rows.
 *
 * PostgreSQL: the state writer's `insertEvents` (the batch as one jsonb array parameter, ON CONFLICT DO NOTHING
 * RETURNING event_id) vs a plain text `COPY` of the same column values into a scratch table with the same
 * columns, keys and indexes (`LIKE events INCLUDING ALL`). One transaction per 10k-row batch in both, as the
 * state stage commits a batch; both tables are emptied before every pass. In a database of its own, dropped after.
 *
 * ClickHouse: `ClickHouseSink` writing the events rows (the ClickHouse stage's mapping, `eventRow`) with
 * 10k-row inserts vs `client.insert` JSONEachRow of the same 10k-row chunks into a copy of the table. In a
 * database of its own, dropped after.
 *
 * The rows are decoded simulated events. Row mapping (CanonicalEvent → column values, event JSON → ClickHouse row)
 * happens before the clock starts for the ClickHouse pair and inside it for both PostgreSQL paths (insertEvents
 * maps inside; COPY has to serialise its text), so each pair does comparable client work.
 */
import pg from 'pg';
import {
  ClickHouseSink,
  eventRow,
  migrateClickHouse,
  type ClickHouseRecord,
} from '../../connectors/clickhouse/index.js';
import { createPool, migratePostgres } from '../../connectors/postgres/index.js';
import { insertEvents, mainAmount } from '../../connectors/postgres/state-writer.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { enrichmentToJson } from '../../schemas/events/enriched-event.js';
import { eventFromJson, eventToJson } from '../../schemas/events/event-json.js';
import { median, type BenchOptions, type BenchSection, type SectionResult } from './section.js';
import {
  benchEndpoints,
  clickHouseClient,
  clickHouseCount,
  scratchName,
  scratchPostgresDatabase,
} from './services.js';
import { simulationFile } from './sim-data.js';
import { decodedEventJson } from './sim-events.js';

const BATCH_ROWS = 10_000;
const SCHEMA = 'bench';

// ---------------------------------------------------------------------------------------------------------------
// COPY without pg-copy-streams (not a dependency): a pg Query whose copy-in handler sends the data.

interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

function copyFrom(client: pg.ClientBase, sql: string, data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query(sql, (err) => (err ? reject(err) : resolve())) as pg.Query & {
      handleCopyInResponse: (connection: CopyConnection) => void;
    };
    query.handleCopyInResponse = (connection) => {
      const bytes = Buffer.from(data, 'utf8');
      for (let at = 0; at < bytes.length; at += 1 << 16)
        connection.sendCopyFromChunk(bytes.subarray(at, at + (1 << 16)));
      connection.endCopyFrom();
    };
    void client.query(query);
  });
}

/** A value in COPY text format. */
function copyField(v: string | number | bigint | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
}

const COPY_COLUMNS =
  'event_id, event_type, kind, account, state_owner, lt, tx_hash, event_index, utime, policy_id, product_key, tranche_id, amount, data';

/** The column values insertEvents writes, as COPY text lines. */
function copyLines(events: readonly CanonicalEvent[]): string {
  let out = '';
  for (const e of events) {
    const enrichment = (e as { enrichment?: any }).enrichment;
    const data = (e.data as any) ?? {};
    const json = JSON.stringify(
      enrichment ? { ...eventToJson(e), enrichment: enrichmentToJson(enrichment) } : eventToJson(e),
    );
    out +=
      [
        e.eventId,
        e.type,
        e.kind,
        e.account,
        e.stateOwner,
        e.lt,
        e.hash,
        e.index,
        new Date(e.utime * 1000).toISOString(),
        data.policyId ?? null,
        enrichment?.product?.productKey ?? enrichment?.v3Product?.productKey ?? null,
        data.trancheId ?? null,
        mainAmount(e),
        json,
      ]
        .map(copyField)
        .join('\t') + '\n';
  }
  return out;
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < rows.length; at += size) out.push(rows.slice(at, at + size));
  return out;
}

async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function postgresPair(events: CanonicalEvent[], options: BenchOptions) {
  const endpoints = await benchEndpoints();
  const db = await scratchPostgresDatabase(endpoints, scratchName('bench_sinks'));
  let pool: pg.Pool | null = null;
  try {
    await migratePostgres(db.url, SCHEMA);
    pool = createPool(db.url, SCHEMA, 2);
    await pool.query('CREATE TABLE events_copy (LIKE events INCLUDING ALL)');
    const batches = chunks(events, BATCH_ROWS);
    const upsertPass = async () => {
      const started = performance.now();
      for (const batch of batches) {
        await inTransaction(pool!, async (client) => {
          const fresh = await insertEvents(client, batch);
          if (fresh.size !== batch.length)
            throw new Error(`insertEvents applied ${fresh.size} of ${batch.length} new rows`);
        });
      }
      return (events.length / (performance.now() - started)) * 1000;
    };
    const copyPass = async () => {
      const started = performance.now();
      for (const batch of batches) {
        await inTransaction(pool!, (client) =>
          copyFrom(client, `COPY events_copy (${COPY_COLUMNS}) FROM STDIN`, copyLines(batch)),
        );
      }
      return (events.length / (performance.now() - started)) * 1000;
    };
    const upsert: number[] = [];
    const copy: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      await pool.query('TRUNCATE events, events_copy');
      // Alternate the order so that background work (autovacuum, checkpoints) falls on both alike.
      if (r % 2 === 0) {
        upsert.push(await upsertPass());
        copy.push(await copyPass());
      } else {
        copy.push(await copyPass());
        upsert.push(await upsertPass());
      }
      const counts = (
        await pool.query(
          'SELECT (SELECT count(*) FROM events)::int AS a, (SELECT count(*) FROM events_copy)::int AS b',
        )
      ).rows[0];
      if (counts.a !== events.length || counts.b !== events.length)
        throw new Error(
          `postgres round ${r + 1}: ${counts.a} upserted and ${counts.b} copied rows, ${events.length} expected`,
        );
      options.log(
        `  postgres round ${r + 1}: insertEvents ${Math.round(upsert[r]!)} rows/s, COPY ${Math.round(copy[r]!)} rows/s`,
      );
    }
    return { upsert: median(upsert), copy: median(copy) };
  } finally {
    await pool?.end();
    await db.drop();
  }
}

async function clickHousePair(rows: ReturnType<typeof eventRow>[], options: BenchOptions) {
  const endpoints = await benchEndpoints();
  const database = scratchName('bench_sinks');
  const client = clickHouseClient(endpoints);
  try {
    await migrateClickHouse(client, database);
    await client.command({ query: `CREATE TABLE ${database}.events_plain AS ${database}.events` });
    const records = rows.map((row): ClickHouseRecord => ({ table: 'events', row }));
    const sinkPass = async () => {
      const sink = new ClickHouseSink(
        {
          url: endpoints.clickhouseUrl,
          database,
          flushRows: BATCH_ROWS,
          maxInsertRows: BATCH_ROWS,
          checkTables: false,
        },
        { client },
      );
      await sink.connect();
      const started = performance.now();
      for (const batch of chunks(records, BATCH_ROWS)) await sink.writeBatch(batch);
      await sink.flush();
      const rate = (rows.length / (performance.now() - started)) * 1000;
      await sink.close();
      return rate;
    };
    const plainPass = async () => {
      const started = performance.now();
      for (const values of chunks(rows, BATCH_ROWS))
        await client.insert({ table: `${database}.events_plain`, values, format: 'JSONEachRow' });
      return (rows.length / (performance.now() - started)) * 1000;
    };
    const sinkRates: number[] = [];
    const plainRates: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      await client.command({ query: `TRUNCATE TABLE ${database}.events` });
      await client.command({ query: `TRUNCATE TABLE ${database}.events_plain` });
      if (r % 2 === 0) {
        sinkRates.push(await sinkPass());
        plainRates.push(await plainPass());
      } else {
        plainRates.push(await plainPass());
        sinkRates.push(await sinkPass());
      }
      // FINAL: the rows are distinct by key, so a merge may not shrink the count; FINAL makes that explicit.
      const a = await clickHouseCount(client, `SELECT count() AS n FROM ${database}.events FINAL`);
      const b = await clickHouseCount(client, `SELECT count() AS n FROM ${database}.events_plain FINAL`);
      if (a !== rows.length || b !== rows.length)
        throw new Error(
          `clickhouse round ${r + 1}: ${a} rows via the sink and ${b} plain, ${rows.length} expected`,
        );
      options.log(
        `  clickhouse round ${r + 1}: ClickHouseSink ${Math.round(sinkRates[r]!)} rows/s, client.insert ${Math.round(plainRates[r]!)} rows/s`,
      );
    }
    return { sink: median(sinkRates), plain: median(plainRates) };
  } finally {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => {});
    await client.close();
  }
}

export const sinksSection: BenchSection = {
  name: 'sinks',
  description: 'PostgreSQL insertEvents vs COPY, ClickHouseSink vs client.insert, same event rows',
  async run(options): Promise<SectionResult> {
    const wanted = options.sizes.sinkRows;
    // Events per transaction are well above one, so this many transactions cover the rows asked for.
    const file = await simulationFile(Math.max(options.sizes.e2eTransactions, wanted), options.log);
    const decodeStarted = performance.now();
    const { events: json, transactions } = await decodedEventJson(file, wanted);
    if (json.length < wanted)
      throw new Error(
        `${transactions} simulated transactions gave ${json.length} events, ${wanted} wanted: use a larger --e2e-transactions`,
      );
    options.log(
      `sinks: ${json.length} events from ${transactions} simulated transactions (decoded in ${((performance.now() - decodeStarted) / 1000).toFixed(1)} s), ${options.rounds} rounds`,
    );
    const canonical = json.map((j) => eventFromJson(JSON.parse(j)));
    const postgres = await postgresPair(canonical, options);
    canonical.length = 0;
    const rows = json.map((j) => eventRow(JSON.parse(j)));
    json.length = 0;
    const clickhouse = await clickHousePair(rows, options);
    const f = (n: number) => Math.round(n);
    return {
      rows: [
        { label: 'event rows per pass', value: wanted },
        { label: 'rows per batch (one transaction / insert)', value: BATCH_ROWS },
        {
          label: 'postgres insertEvents (one jsonb array, ON CONFLICT)',
          value: f(postgres.upsert),
          unit: 'rows/s',
        },
        { label: 'postgres plain COPY, same rows', value: f(postgres.copy), unit: 'rows/s' },
        { label: 'postgres upsert / COPY', value: (postgres.upsert / postgres.copy).toFixed(2), unit: '×' },
        { label: 'clickhouse ClickHouseSink (events)', value: f(clickhouse.sink), unit: 'rows/s' },
        { label: 'clickhouse client.insert JSONEachRow', value: f(clickhouse.plain), unit: 'rows/s' },
        {
          label: 'clickhouse sink / plain',
          value: (clickhouse.sink / clickhouse.plain).toFixed(2),
          unit: '×',
        },
      ],
      metrics: {
        rows: wanted,
        batchRows: BATCH_ROWS,
        postgresRowsPerSec: f(postgres.upsert),
        postgresCopyRowsPerSec: f(postgres.copy),
        clickhouseRowsPerSec: f(clickhouse.sink),
        clickhousePlainRowsPerSec: f(clickhouse.plain),
      },
    };
  },
};
