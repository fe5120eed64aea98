import type { TestProject } from 'vitest/node';
import { resolveEndpoints, type Endpoints } from './endpoints.js';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Endpoints;
  }
}

/** Runs once before the integration tests: real Kafka, PostgreSQL and ClickHouse endpoints for every test file. */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const { endpoints, stop } = await resolveEndpoints();
  console.log(
    `[test setup] servers from ${endpoints.origin} in ${Date.now() - started} ms: kafka ${endpoints.kafkaBrokers}, ` +
      `postgres ${endpoints.databaseUrl.replace(/:[^:@/]+@/, ':***@')}, clickhouse ${endpoints.clickhouseUrl}`,
  );
  project.provide('endpoints', endpoints);
  return stop;
}
