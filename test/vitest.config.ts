import { defineConfig } from 'vitest/config';

// Two projects, as in clickhouse-js: unit tests beside the code need no servers; integration tests
// (`*.it.test.ts`) get real Kafka/PostgreSQL/ClickHouse endpoints from test/setup/global-setup.ts.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{pipelines,connectors,operators,schemas,test}/**/*.test.ts'],
          exclude: ['**/*.it.test.ts', 'node_modules/**', 'dist/**'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{pipelines,connectors,operators,schemas,test}/**/*.it.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          // One file at a time: the servers share two cores with the test runner.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
