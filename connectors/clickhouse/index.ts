export { ClickHouseSink, type ClickHouseSinkDeps, type ClickHouseSinkStats } from './clickhouse-sink.js';
export {
  clickHouseSinkConfigSchema,
  type ClickHouseSinkConfig,
  type ClickHouseSinkConfigInput,
} from './config.js';
export { DIMENSION_TABLES, dimensionRows, type DimensionTable } from './dimensions.js';
export { clickHouseErrorCode, isRetriableClickHouseError } from './errors.js';
export {
  DATABASE_PLACEHOLDER,
  clickHouseMigrationsDir,
  migrateClickHouse,
  readClickHouseMigrations,
  type ClickHouseMigrateOptions,
  type ClickHouseMigrateResult,
  type ClickHouseMigration,
} from './migrate.js';
export {
  CLICKHOUSE_TABLES,
  alertRow,
  driftRow,
  eventRow,
  exposureSnapshotRow,
  rawTransactionRow,
  strictU64,
  trancheSnapshotRow,
  type AlertInput,
  type ClickHouseRecord,
  type ClickHouseTable,
  type DriftInput,
  type EventJsonInput,
  type ExposureSnapshotInput,
  type TableColumns,
  type TrancheSnapshotInput,
} from './rows.js';
export {
  clickHouseString,
  isClickHouseIdentifier,
  quoteClickHouseIdentifier,
  splitSqlStatements,
} from './sql-statements.js';
