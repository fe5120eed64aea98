import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * Paths pino masks in every log line: API keys, passwords and connection strings must never reach logs.
 * Connection strings embedded in messages are masked by `redactUrl` at the call site.
 */
export const REDACT_PATHS = [
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
  'config.ton.apiKey',
  'config.postgres.url',
  'config.clickhouse.url',
  'url',
  '*.url',
  'databaseUrl',
  'DATABASE_URL',
  'CLICKHOUSE_URL',
  'TON_API_KEY',
  'headers["x-api-key"]',
  'headers.authorization',
];

export interface LoggerSettings {
  level: string;
  pretty?: boolean;
  name?: string;
  /** Where to write; default stderr (stdout is kept for command output such as `decode`). */
  destination?: NodeJS.WritableStream;
}

/** The root logger. Pretty output only when asked or when stderr is a terminal; JSON otherwise. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name ?? 'tonstream',
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '***' },
    serializers: { err: pino.stdSerializers.err },
  };
  const pretty = settings.pretty ?? Boolean(process.stderr.isTTY);
  if (pretty && !settings.destination) {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss.l' },
      },
    });
  }
  return pino(options, (settings.destination as pino.DestinationStream | undefined) ?? pino.destination(2));
}

const SECRET_IN_URL = /(\/\/[^:/@]+:)[^@/]+@/g;
/** Masks the password of any URL inside a string. */
export function redactUrl(text: string): string {
  return text.replace(SECRET_IN_URL, '$1***@');
}
