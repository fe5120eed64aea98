export {
  createPool,
  migratePostgres,
  migrationsDir,
  quoteIdent,
  readMigrations,
  type Migration,
} from './migrate.js';
export { PostgresOffsetStore } from './offset-store.js';
export { unnestUpsert, type ColumnSpec, type UpsertSpec } from './unnest-upsert.js';
export { writeReferenceDimensions } from './reference-dimensions.js';
export { loadContractStates } from './contract-states.js';
