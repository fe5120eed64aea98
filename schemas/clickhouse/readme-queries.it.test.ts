import { readFileSync } from 'node:fs';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analystClient } from '../../connectors/clickhouse/analyst-user.fixture.js';
import { ClickHouseSink } from '../../connectors/clickhouse/clickhouse-sink.js';
import { migrateClickHouse } from '../../connectors/clickhouse/migrate.js';
import {
  alertRow,
  driftRow,
  eventRow,
  exposureSnapshotRow,
  trancheSnapshotRow,
} from '../../connectors/clickhouse/rows.js';
import {
  ABOVE_2_53,
  alert,
  depositMade,
  driftCheck,
  exposureSnapshot,
  policyCreated,
  trancheSnapshot,
} from '../../connectors/clickhouse/sample-rows.fixture.js';
import { freshClickHouseDatabase } from '../../test/support/servers.js';

/** The ```sql blocks of the analyst README, in order. */
function readmeQueries(): string[] {
  const text = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
  return [...text.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
}

let db: Awaited<ReturnType<typeof freshClickHouseDatabase>>;
let reader: ClickHouseClient;
let readerIsAnalyst = false;

beforeAll(async () => {
  db = await freshClickHouseDatabase();
  await migrateClickHouse(db.client, db.database);
  const sink = new ClickHouseSink({ url: db.url, database: db.database });
  await sink.connect();
  const now = Math.floor(Date.now() / 1000);
  const hour = now - (now % 3600);
  await sink.write('events', [
    eventRow(policyCreated(1, { coverage: 200_000_000_000_000n })),
    eventRow({
      ...policyCreated(2),
      data: { ...policyCreated(2).data, premium: '1' },
      enrichment: {
        ...(policyCreated(2).enrichment as object),
        product: { ...(policyCreated(2).enrichment as { product: object }).product, premiumMismatch: true },
      },
    }),
    eventRow(depositMade(1, ABOVE_2_53)),
  ]);
  await sink.write('tranche_snapshots', [
    trancheSnapshotRow(trancheSnapshot({ windowStart: hour - 3600, windowEnd: hour })),
    trancheSnapshotRow(
      trancheSnapshot({
        windowSize: '1d',
        windowStart: hour - (hour % 86400),
        windowEnd: hour - (hour % 86400) + 86400,
      }),
    ),
  ]);
  await sink.write('exposure_snapshots', [
    exposureSnapshotRow(
      exposureSnapshot({
        windowStart: now - (now % 86400),
        windowEnd: now - (now % 86400) + 86400,
        claims: 1,
        payouts: 5_000_000_000n,
      }),
    ),
    exposureSnapshotRow(
      exposureSnapshot({
        windowStart: now - (now % 86400),
        windowEnd: now - (now % 86400) + 86400,
        productKey: 'v3:depeg:usdt',
        generation: 'v3',
        coverageType: null,
        chainId: null,
        stablecoinId: null,
        productType: 1,
        assetId: 1,
      }),
    ),
  ]);
  await sink.write('drift_history', [driftRow(driftCheck({ checkedAt: now - 60 }))]);
  await sink.write('alerts_history', [alertRow(alert({ at: now - 60 }))]);
  await sink.close();
  const analyst = await analystClient(db.url, db.database);
  readerIsAnalyst = analyst !== null;
  reader = analyst ?? db.client;
});

afterAll(async () => {
  if (readerIsAnalyst) await reader.close();
  await db?.drop();
});

describe('analyst README queries (real server)', () => {
  const queries = readmeQueries();

  it('has at least ten example queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(10);
  });

  it.each(queries.map((q, i) => [i + 1, q] as const))(
    'query %i runs as the readonly analyst',
    async (_n, query) => {
      const result = await reader.query({ query, format: 'JSONEachRow' });
      const rows = (await result.json()) as unknown[];
      expect(Array.isArray(rows)).toBe(true);
    },
  );

  it('the sample data makes the main questions answer with rows', async () => {
    const answered: number[] = [];
    for (const [i, query] of queries.entries()) {
      const rows = (await (await reader.query({ query, format: 'JSONEachRow' })).json()) as unknown[];
      if (rows.length > 0) answered.push(i + 1);
    }
    expect(answered).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
  });
});
