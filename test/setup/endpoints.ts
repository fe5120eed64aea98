import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Endpoints {
  kafkaBrokers: string;
  databaseUrl: string;
  clickhouseUrl: string;
  /** Where they came from: `env`, `testcontainers` or `local-stack`. */
  origin: string;
}

/** A Docker engine answers? A socket check takes well under a millisecond; testcontainers' own probe fails slowly. */
export function dockerReachable(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.DOCKER_HOST) return true;
  return existsSync('/var/run/docker.sock');
}

function fromEnv(env: NodeJS.ProcessEnv): Endpoints | undefined {
  if (env.KAFKA_BROKERS && env.DATABASE_URL && env.CLICKHOUSE_URL) {
    return {
      kafkaBrokers: env.KAFKA_BROKERS,
      databaseUrl: env.DATABASE_URL,
      clickhouseUrl: env.CLICKHOUSE_URL,
      origin: 'env',
    };
  }
  return undefined;
}

/** Starts (or reuses) the project's native stack: deploy/local/stack.sh. */
export async function fromLocalStack(): Promise<Endpoints> {
  const script = `${repoRoot}deploy/local/stack.sh`;
  try {
    await run('bash', [script, 'up'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`local stack failed to start: ${(e.stderr ?? e.message).trim().split('\n').pop()}`);
  }
  const { stdout } = await run('bash', [script, 'env'], { cwd: repoRoot });
  const vars = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  return {
    kafkaBrokers: vars.KAFKA_BROKERS!,
    databaseUrl: vars.DATABASE_URL!,
    clickhouseUrl: vars.CLICKHOUSE_URL!,
    origin: 'local-stack',
  };
}

/** Kafka, PostgreSQL and ClickHouse in containers, for machines with a Docker engine. */
export async function fromTestcontainers(): Promise<{ endpoints: Endpoints; stop: () => Promise<void> }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const pg = await new GenericContainer('postgres:15')
    .withEnvironment({ POSTGRES_USER: 'tonstream', POSTGRES_PASSWORD: 'tonstream', POSTGRES_DB: 'tonstream' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const ch = await new GenericContainer('clickhouse/clickhouse-server:24.8')
    .withExposedPorts(8123)
    .withWaitStrategy(Wait.forHttp('/ping', 8123))
    .start();
  // apache/kafka runs a single KRaft node; the host port must be known before start for advertised listeners.
  const kafkaPort = 29092 + Math.floor(Math.random() * 1000);
  const kafka = await new GenericContainer('apache/kafka:3.9.1')
    .withExposedPorts({ container: 9092, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return {
    endpoints: {
      kafkaBrokers: `127.0.0.1:${kafkaPort}`,
      databaseUrl: `postgres://tonstream:tonstream@${pg.getHost()}:${pg.getMappedPort(5432)}/tonstream`,
      clickhouseUrl: `http://default@${ch.getHost()}:${ch.getMappedPort(8123)}`,
      origin: 'testcontainers',
    },
    stop: async () => {
      await Promise.all([kafka.stop(), pg.stop(), ch.stop()]);
    },
  };
}

/** Endpoints from the environment if given, else testcontainers if Docker answers, else the native stack. */
export async function resolveEndpoints(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ endpoints: Endpoints; stop: () => Promise<void> }> {
  const given = fromEnv(env);
  if (given) return { endpoints: given, stop: async () => {} };
  if (dockerReachable(env)) {
    try {
      return await fromTestcontainers();
    } catch (err) {
      console.warn(
        `[test setup] Docker socket present but testcontainers failed (${(err as Error).message}); using the local stack`,
      );
    }
  }
  return { endpoints: await fromLocalStack(), stop: async () => {} };
}
