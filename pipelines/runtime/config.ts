import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { redactUrl } from './logger.js';

/**
 * The one configuration of every command. The schema validates and documents at once; `loadConfig` maps
 * environment variables (and an optional JSON config file, and CLI overrides) onto it. Precedence:
 * defaults < config file < environment < CLI flags.
 */

const port = z.coerce.number().int().min(1).max(65535);
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const brokerList = z
  .string()
  .describe('comma-separated host:port list')
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
      .min(1, 'at least one broker is required'),
  )
  .refine(
    (brokers) => brokers.every((b) => Number(b.split(':').pop()) <= 65535 && Number(b.split(':').pop()) > 0),
    {
      message: 'broker port must be between 1 and 65535',
    },
  );

const urlOf = (protocols: string[]) =>
  z.string().refine(
    (s) => {
      try {
        const u = new URL(s);
        const p = Number(u.port || '0');
        return protocols.includes(u.protocol) && p >= 0 && p <= 65535;
      } catch {
        return false;
      }
    },
    { message: `must be a URL with scheme ${protocols.map((p) => p.replace(':', '')).join(' or ')}` },
  );

export const configSchema = z
  .object({
    kafka: z
      .object({
        brokers: brokerList.default(['127.0.0.1:19092']).describe('Kafka bootstrap servers (KAFKA_BROKERS)'),
        clientId: z.string().min(1).default('tonstream').describe('Kafka client id (KAFKA_CLIENT_ID)'),
        connectTimeoutMs: z.coerce.number().int().positive().default(5000),
        topics: z
          .object({
            raw: z.string().min(1).default('ton.transactions.v1'),
            rawDlq: z.string().min(1).default('ton.transactions.v1.dlq'),
            events: z.string().min(1).default('tonsurance.events.v1'),
            alerts: z.string().min(1).default('tonsurance.alerts.v1'),
          })
          .strict()
          .default({
            raw: 'ton.transactions.v1',
            rawDlq: 'ton.transactions.v1.dlq',
            events: 'tonsurance.events.v1',
            alerts: 'tonsurance.alerts.v1',
          }),
        partitions: z.coerce
          .number()
          .int()
          .min(1)
          .max(1024)
          .default(4)
          .describe('partitions of topics we create'),
      })
      .strict(),
    postgres: z
      .object({
        url: urlOf(['postgres:', 'postgresql:'])
          .default('postgres://tonstream:tonstream@127.0.0.1:15432/tonstream')
          .describe('PostgreSQL connection string (DATABASE_URL)'),
      })
      .strict(),
    clickhouse: z
      .object({
        url: urlOf(['http:', 'https:']).default('http://default@127.0.0.1:18123').describe('CLICKHOUSE_URL'),
        database: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier')
          .default('tonstream')
          .describe('CLICKHOUSE_DATABASE'),
      })
      .strict(),
    ton: z
      .object({
        endpoints: z
          .array(urlOf(['http:', 'https:']))
          .default(['https://toncenter.com/api/v2/jsonRPC'])
          .describe('TonCenter v2 JSON-RPC endpoints, tried in order (TON_ENDPOINTS)'),
        apiKey: z.string().optional().describe('TonCenter API key (TON_API_KEY)'),
        rps: z.coerce
          .number()
          .positive()
          .optional()
          .describe('requests per second; default 1 without key, 10 with'),
        pollIntervalMs: z.coerce.number().int().positive().default(2000),
      })
      .strict(),
    log: z
      .object({
        level: z.enum(logLevels).default('info').describe('LOG_LEVEL'),
        pretty: z.boolean().optional().describe('pretty logs; default: when stderr is a terminal'),
      })
      .strict(),
    metrics: z
      .object({
        port: z
          .union([port, z.literal(0)])
          .default(0)
          .describe('Prometheus/health port (METRICS_PORT); 0 = off'),
      })
      .strict(),
    namespace: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,30}$/, 'lowercase letters, digits, underscore; starts with a letter')
      .default('tonstream')
      .describe('prefix of consumer groups and schema names (TONSTREAM_NAMESPACE)'),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Environment variable → config path. Every variable any command reads is listed here. */
export const ENV_KEYS: Record<string, string> = {
  KAFKA_BROKERS: 'kafka.brokers',
  KAFKA_CLIENT_ID: 'kafka.clientId',
  KAFKA_PARTITIONS: 'kafka.partitions',
  DATABASE_URL: 'postgres.url',
  CLICKHOUSE_URL: 'clickhouse.url',
  CLICKHOUSE_DATABASE: 'clickhouse.database',
  TON_ENDPOINTS: 'ton.endpoints',
  TON_API_KEY: 'ton.apiKey',
  TON_RPS: 'ton.rps',
  TON_POLL_INTERVAL_MS: 'ton.pollIntervalMs',
  LOG_LEVEL: 'log.level',
  METRICS_PORT: 'metrics.port',
  TONSTREAM_NAMESPACE: 'namespace',
  TONSTREAM_CONFIG: '(config file path)',
};

// Variables of our own prefix that are read elsewhere (stack scripts, tests), so not "unknown".
const KNOWN_PREFIXED =
  /^TONSTREAM_(STACK_DIR|KAFKA_PORT|KAFKA_CONTROLLER_PORT|PG_PORT|CH_HTTP_PORT|CH_TCP_PORT|STACK_TIMEOUT|TEST_.*)$/;

function setPath(target: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const k of keys.slice(0, -1)) node = node[k] ??= {};
  node[keys[keys.length - 1]!] = value;
}

function envValue(name: string, raw: string): unknown {
  if (name === 'TON_ENDPOINTS')
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return raw;
}

/** Nested objects merged key by key (arrays and values replace); `undefined` never overwrites. */
export function deepMerge(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      out[k] &&
      typeof out[k] === 'object' &&
      !Array.isArray(out[k])
        ? deepMerge(out[k], v)
        : v;
  }
  return out;
}

/** One line per problem, naming the key (as env var where there is one) and what is allowed. */
function describeIssues(error: z.ZodError, sourceOf: (path: string) => string): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      const where = sourceOf(path);
      if (issue.code === 'unrecognized_keys') {
        const keys = (issue as { keys: string[] }).keys.map((k) => (path ? `${path}.${k}` : k));
        return `unknown configuration key ${keys.join(', ')}`;
      }
      if (issue.code === 'invalid_value' && 'values' in issue) {
        return `${where}: invalid value; allowed: ${(issue.values as unknown[]).join(', ')}`;
      }
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

export interface LoadConfigOptions {
  /** Parsed JSON config file contents, or a path to read (also taken from TONSTREAM_CONFIG). */
  file?: string | ConfigInput;
  /** Values from CLI flags (highest precedence). */
  overrides?: ConfigInput | Record<string, unknown>;
}

/** Maps environment variables (and an optional file and CLI overrides) to a validated `Config`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const unknown = Object.keys(env).filter(
    (k) => k.startsWith('TONSTREAM_') && !(k in ENV_KEYS) && !KNOWN_PREFIXED.test(k),
  );
  if (unknown.length) {
    throw new ConfigError(
      `unknown configuration key ${unknown.join(', ')}; known: ${Object.keys(ENV_KEYS)
        .filter((k) => k.startsWith('TONSTREAM_'))
        .join(', ')}`,
      unknown[0],
    );
  }

  let fromFile: Record<string, any> = {};
  const file = options.file ?? env.TONSTREAM_CONFIG;
  if (typeof file === 'string' && file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`, 'TONSTREAM_CONFIG');
    }
  } else if (file && typeof file === 'object') {
    fromFile = file as Record<string, any>;
  }

  const fromEnv: Record<string, any> = {};
  const pathToEnv = new Map<string, string>();
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    if (path.startsWith('(')) continue;
    pathToEnv.set(path, name);
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(fromEnv, path, envValue(name, raw));
  }

  const merged = deepMerge(
    deepMerge(
      deepMerge({ kafka: {}, postgres: {}, clickhouse: {}, ton: {}, log: {}, metrics: {} }, fromFile),
      fromEnv,
    ),
    (options.overrides ?? {}) as Record<string, any>,
  );
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const sourceOf = (path: string) => {
      const top = [...pathToEnv.keys()].find((p) => path === p || path.startsWith(`${p}.`));
      return top ? `${pathToEnv.get(top)} (${path})` : path || '(root)';
    };
    const first = parsed.error.issues[0];
    throw new ConfigError(
      `invalid configuration: ${describeIssues(parsed.error, sourceOf)}`,
      first ? first.path.join('.') : undefined,
    );
  }
  return applyNamespace(parsed.data, merged);
}

export const DEFAULT_NAMESPACE = 'tonstream';

/**
 * A namespace other than the default prefixes every topic (`<ns>.ton.transactions.v1`, …) and selects the
 * ClickHouse database of that name (the PostgreSQL schema and consumer groups are named after it anyway), so
 * several pipelines share one stack without seeing each other's data. Values set explicitly are kept.
 */
function applyNamespace(config: Config, input: Record<string, any>): Config {
  const ns = config.namespace;
  if (ns === DEFAULT_NAMESPACE) return config;
  const given = (input.kafka?.topics ?? {}) as Record<string, unknown>;
  const topics = Object.fromEntries(
    Object.entries(config.kafka.topics).map(([k, v]) => [k, given[k] === undefined ? `${ns}.${v}` : v]),
  ) as Config['kafka']['topics'];
  return {
    ...config,
    kafka: { ...config.kafka, topics },
    clickhouse: {
      ...config.clickhouse,
      database: input.clickhouse?.database === undefined ? ns : config.clickhouse.database,
    },
  };
}

/** The effective configuration with secrets masked, for `--print-config` and start-up logs. */
export function redactConfig(config: Config): Config {
  return {
    ...config,
    postgres: { ...config.postgres, url: redactUrl(config.postgres.url) },
    clickhouse: { ...config.clickhouse, url: redactUrl(config.clickhouse.url) },
    ton: { ...config.ton, apiKey: config.ton.apiKey ? '***' : undefined },
  };
}
