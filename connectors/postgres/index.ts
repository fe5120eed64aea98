export { createPool, migratePostgres, migrationsDir, quoteIdent, readMigrations, type Migration } from './migrate.js';
