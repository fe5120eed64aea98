import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Sink } from '../lifecycle.js';
import {
  AbortedError,
  ConfigError,
  ConnectionError,
  SinkWriteError,
  errorMessage,
} from '../../pipelines/runtime/errors.js';
import type { Logger } from '../../pipelines/runtime/logger.js';
import type { Metrics } from '../../pipelines/runtime/metrics.js';
import { retry } from '../../pipelines/runtime/retry.js';
import {
  clickHouseSinkConfigSchema,
  type ClickHouseSinkConfig,
  type ClickHouseSinkConfigInput,
} from './config.js';
import { clickHouseErrorCode, isRetriableClickHouseError } from './errors.js';
import { migrateClickHouse } from './migrate.js';
import { CLICKHOUSE_TABLES, type ClickHouseRecord, type ClickHouseTable, type TableColumns } from './rows.js';
import { clickHouseString, quoteClickHouseIdentifier } from './sql-statements.js';

export interface ClickHouseSinkDeps {
  /** A client to use instead of one built from the config (the sink then does not close it). */
  client?: ClickHouseClient;
  logger?: Logger;
  metrics?: Metrics;
  /** Stage label for metrics. */
  stage?: string;
  /** Injected for tests. */
  now?: () => number;
}

export interface ClickHouseSinkStats {
  /** Rows waiting in memory per table (not yet sent). */
  buffered: Record<ClickHouseTable, number>;
  /** Rows accepted by the server per table. */
  written: Record<ClickHouseTable, number>;
  inserts: number;
  retries: number;
  insertMsTotal: number;
  insertMsMax: number;
}

interface TableBuffer {
  rows: unknown[];
  /** When the oldest row in `rows` arrived (ms); null when empty. */
  oldestAt: number | null;
  timer: NodeJS.Timeout | null;
  draining: Promise<void> | null;
  appended: number;
  written: number;
}

/**
 * History sink: buffers rows per table and writes each table in large `JSONEachRow` inserts, when it holds
 * `flushRows` rows or its oldest row is `flushIntervalMs` old. Rewrites are harmless (every table is a
 * ReplacingMergeTree keyed by the row's identity), so an insert is simply retried on transient errors.
 *
 * Delivery contract: `writeBatch` resolves once the rows are buffered, waiting while `maxBufferedRows` are held
 * (buffered or in flight), so memory stays bounded. `flush()` resolves once every row written before it is in
 * ClickHouse: commit source offsets only after it. An insert that still fails after its retries puts the sink in a
 * failed state: every later call throws that `SinkWriteError`, so offsets past the lost rows are never committed.
 */
export class ClickHouseSink implements Sink<ClickHouseRecord> {
  readonly name = 'clickhouse';
  readonly config: ClickHouseSinkConfig;
  private client: ClickHouseClient | null;
  private readonly ownsClient: boolean;
  private readonly table: (t: ClickHouseTable) => string;
  private readonly buffers = new Map<ClickHouseTable, TableBuffer>();
  private readonly capacityWaiters: Array<() => void> = [];
  private readonly abortController = new AbortController();
  private readonly now: () => number;
  private heldRows = 0;
  private failure: SinkWriteError | null = null;
  private closed = false;
  private counters = { inserts: 0, retries: 0, insertMsTotal: 0, insertMsMax: 0 };

  constructor(
    config: ClickHouseSinkConfigInput,
    private readonly deps: ClickHouseSinkDeps = {},
  ) {
    const parsed = clickHouseSinkConfigSchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = `clickhouse.${issue?.path.join('.') ?? ''}`;
      throw new ConfigError(
        `invalid ClickHouse sink configuration at ${key}: ${issue?.message ?? 'invalid'}`,
        key,
      );
    }
    this.config = parsed.data;
    this.client = deps.client ?? null;
    this.ownsClient = deps.client === undefined;
    this.now = deps.now ?? Date.now;
    const db = quoteClickHouseIdentifier(this.config.database);
    this.table = (t) => `${db}.${t}`;
    for (const t of CLICKHOUSE_TABLES) {
      this.buffers.set(t, { rows: [], oldestAt: null, timer: null, draining: null, appended: 0, written: 0 });
    }
  }

  async connect(): Promise<void> {
    const client = (this.client ??= createClient({
      url: this.config.url,
      ...(this.config.username !== undefined ? { username: this.config.username } : {}),
      ...(this.config.password !== undefined ? { password: this.config.password } : {}),
      request_timeout: this.config.requestTimeoutMs,
      // A busy process can hold an idle keep-alive socket past the server's timeout; never reuse such a socket.
      keep_alive: { eagerly_destroy_stale_sockets: true },
    }));
    const ping = await client.ping();
    if (!ping.success) {
      throw new ConnectionError(
        `ClickHouse at ${redactUrl(this.config.url)} is not reachable: ${errorMessage(ping.error)}`,
        { url: redactUrl(this.config.url) },
        ping.error,
      );
    }
    if (this.config.migrate) {
      const result = await migrateClickHouse(client, this.config.database, {
        log: (message, fields) => this.deps.logger?.info(fields ?? {}, message),
      });
      this.deps.logger?.info(
        { database: this.config.database, applied: result.applied },
        'clickhouse schema up to date',
      );
    }
    if (this.config.checkTables) await this.checkTables(client);
  }

  /** Buffers a batch (waiting while the sink holds `maxBufferedRows`); see the class comment for durability. */
  async writeBatch(batch: ClickHouseRecord[]): Promise<void> {
    this.assertUsable();
    if (batch.length === 0) return;
    while (this.heldRows >= this.config.maxBufferedRows) {
      await new Promise<void>((resolve) => this.capacityWaiters.push(resolve));
      this.assertUsable();
    }
    const touched = new Set<ClickHouseTable>();
    for (const record of batch) {
      const buffer = this.buffers.get(record.table);
      if (!buffer)
        throw new SinkWriteError(`no ClickHouse table '${String(record.table)}'`, false, {
          table: String(record.table),
        });
      if (buffer.rows.length === 0) buffer.oldestAt = this.now();
      buffer.rows.push(record.row);
      buffer.appended++;
      touched.add(record.table);
    }
    this.heldRows += batch.length;
    for (const t of touched) this.schedule(t);
  }

  /** Rows of one table. */
  write<T extends ClickHouseTable>(table: T, rows: TableColumns[T][]): Promise<void> {
    return this.writeBatch(rows.map((row) => ({ table, row }) as ClickHouseRecord));
  }

  /** Writes every row buffered so far; resolves when ClickHouse has them all. */
  async flush(): Promise<void> {
    this.assertNotFailed();
    await Promise.all(
      CLICKHOUSE_TABLES.map(async (t) => {
        const buffer = this.buffers.get(t)!;
        const target = buffer.appended;
        while (buffer.written < target) {
          this.assertNotFailed();
          await this.drain(t, true);
        }
      }),
    );
    this.assertNotFailed();
  }

  /** Flushes what is buffered, then releases the client. Throws if rows could not be written. */
  async close(): Promise<void> {
    if (this.closed) return;
    let flushError: unknown;
    try {
      if (!this.failure) await this.flush();
    } catch (err) {
      flushError = err;
    }
    this.closed = true;
    for (const b of this.buffers.values()) if (b.timer) clearTimeout(b.timer);
    this.releaseWaiters();
    if (this.client && this.ownsClient) await this.client.close();
    this.client = null;
    if (flushError) throw flushError;
    if (this.failure) throw this.failure;
  }

  /** Stops retrying: a pending insert fails at its next backoff, and the sink enters the failed state. */
  abort(): void {
    this.abortController.abort();
  }

  stats(): ClickHouseSinkStats {
    const buffered = {} as Record<ClickHouseTable, number>;
    const written = {} as Record<ClickHouseTable, number>;
    for (const [t, b] of this.buffers) {
      buffered[t] = b.rows.length;
      written[t] = b.written;
    }
    return { buffered, written, ...this.counters };
  }

  // -------------------------------------------------------------------------------------------------------------

  private schedule(t: ClickHouseTable): void {
    const buffer = this.buffers.get(t)!;
    if (buffer.rows.length === 0 || this.failure || this.closed) return;
    if (buffer.rows.length >= this.config.flushRows) {
      this.drainInBackground(t);
      return;
    }
    if (buffer.timer === null && buffer.draining === null) {
      const age = this.now() - (buffer.oldestAt ?? this.now());
      buffer.timer = setTimeout(
        () => {
          buffer.timer = null;
          this.drainInBackground(t);
        },
        Math.max(0, this.config.flushIntervalMs - age),
      );
      // A pending flush timer must not keep a finished process alive; close() flushes explicitly.
      buffer.timer.unref();
    }
  }

  private drainInBackground(t: ClickHouseTable): void {
    // The failure is recorded in the sink's state and surfaces on the next call.
    this.drain(t, false).catch(() => {});
  }

  /** Sends the table's buffer in inserts of at most `maxInsertRows` while a flush is due (always when forced). */
  private drain(t: ClickHouseTable, force: boolean): Promise<void> {
    const buffer = this.buffers.get(t)!;
    if (buffer.draining) return buffer.draining;
    if (buffer.timer) {
      clearTimeout(buffer.timer);
      buffer.timer = null;
    }
    buffer.draining = (async () => {
      while (buffer.rows.length > 0) {
        const due =
          force ||
          buffer.rows.length >= this.config.flushRows ||
          this.now() - (buffer.oldestAt ?? this.now()) >= this.config.flushIntervalMs;
        if (!due) break;
        const chunk = buffer.rows.splice(0, this.config.maxInsertRows);
        if (buffer.rows.length === 0) buffer.oldestAt = null;
        try {
          await this.insert(t, chunk);
        } catch (err) {
          this.fail(err as SinkWriteError);
          throw err;
        }
        buffer.written += chunk.length;
        this.heldRows -= chunk.length;
        this.releaseWaiters();
      }
    })().finally(() => {
      buffer.draining = null;
      this.schedule(t);
    });
    return buffer.draining;
  }

  private async insert(t: ClickHouseTable, rows: unknown[]): Promise<void> {
    const client = this.client;
    if (!client) throw new SinkWriteError('ClickHouse sink is not connected', false, { table: t });
    const started = this.now();
    try {
      await retry(() => client.insert({ table: this.table(t), values: rows, format: 'JSONEachRow' }), {
        retries: this.config.retries,
        initialDelayMs: this.config.retryInitialDelayMs,
        maxDelayMs: this.config.retryMaxDelayMs,
        retryIf: isRetriableClickHouseError,
        signal: this.abortController.signal,
        onRetry: (err, attempt, delayMs) => {
          this.counters.retries++;
          this.deps.logger?.warn(
            { table: t, rows: rows.length, attempt, delayMs, err: errorMessage(err) },
            'clickhouse insert failed, retrying',
          );
        },
      });
    } catch (err) {
      const retriable = !(err instanceof AbortedError) && isRetriableClickHouseError(err);
      const code = clickHouseErrorCode(err);
      throw new SinkWriteError(
        `ClickHouse insert of ${rows.length} rows into ${this.config.database}.${t} failed${code ? ` (code ${code})` : ''}: ${errorMessage(err)}`,
        retriable,
        { table: t, rows: rows.length, code },
        err,
      );
    }
    const ms = this.now() - started;
    this.counters.inserts++;
    this.counters.insertMsTotal += ms;
    this.counters.insertMsMax = Math.max(this.counters.insertMsMax, ms);
    const stage = this.deps.stage ?? 'clickhouse';
    this.deps.metrics?.recordsOut.inc({ stage, topic: `clickhouse.${t}` }, rows.length);
    this.deps.metrics?.batchSize.observe({ stage }, rows.length);
    this.deps.metrics?.batchSeconds.observe({ stage }, ms / 1000);
  }

  private async checkTables(client: ClickHouseClient): Promise<void> {
    const result = await client.query({
      query: `SELECT name FROM system.tables WHERE database = ${clickHouseString(this.config.database)}`,
      format: 'JSONEachRow',
    });
    const present = new Set(((await result.json()) as Array<{ name: string }>).map((r) => r.name));
    const missing = CLICKHOUSE_TABLES.filter((t) => !present.has(t));
    if (missing.length) {
      throw new ConfigError(
        `ClickHouse database ${this.config.database} lacks table(s) ${missing.join(', ')}: apply the migrations (tonstream migrate, or clickhouse.migrate = true)`,
        'clickhouse.database',
      );
    }
  }

  private fail(err: SinkWriteError): void {
    if (!this.failure) {
      this.failure = err;
      this.deps.logger?.error({ err: err.message, context: err.context }, 'clickhouse sink failed');
    }
    this.releaseWaiters();
  }

  private releaseWaiters(): void {
    for (const resolve of this.capacityWaiters.splice(0)) resolve();
  }

  private assertNotFailed(): void {
    if (this.failure) throw this.failure;
  }

  private assertUsable(): void {
    this.assertNotFailed();
    if (this.closed) throw new SinkWriteError('ClickHouse sink is closed', false);
  }
}

function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]+@/, '$1***@');
}
