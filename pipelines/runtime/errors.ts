/**
 * The one error taxonomy of the project. Every error a stage can meet is a `TonstreamError` with a stable
 * `code` and a `retriable` flag: the retry helper retries only retriable errors, stages send non-retriable
 * record errors to the dead-letter topic, and the CLI turns fatal ones into a one-line cause.
 */

export interface ErrorContext {
  [key: string]: string | number | boolean | bigint | null | undefined;
}

export class TonstreamError extends Error {
  /** Stable machine-readable class, e.g. `DECODE_ERROR`; used as the DLQ `errorClass` and as a metric label. */
  readonly code: string;
  readonly retriable: boolean;
  readonly context: ErrorContext;

  constructor(
    message: string,
    opts: { code: string; retriable: boolean; context?: ErrorContext; cause?: unknown },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = opts.code;
    this.retriable = opts.retriable;
    this.context = opts.context ?? {};
  }
}

/** Invalid configuration: a key with a bad or missing value. Never retriable; the process exits non-zero. */
export class ConfigError extends TonstreamError {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message, { code: 'CONFIG_ERROR', retriable: false, context: { key } });
  }
}

/** A network peer (Kafka, PostgreSQL, ClickHouse, TON API) could not be reached or dropped the connection. */
export class ConnectionError extends TonstreamError {
  constructor(message: string, context: ErrorContext = {}, cause?: unknown) {
    super(message, { code: 'CONNECTION_ERROR', retriable: true, context, cause });
  }
}

/** An operation did not finish in time. */
export class TimeoutError extends TonstreamError {
  constructor(message: string, context: ErrorContext = {}, cause?: unknown) {
    super(message, { code: 'TIMEOUT', retriable: true, context, cause });
  }
}

/** The remote side asked us to slow down (HTTP 429). `retryAfterMs` comes from the response when it says. */
export class RateLimitedError extends TonstreamError {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    context: ErrorContext = {},
  ) {
    super(message, { code: 'RATE_LIMITED', retriable: true, context });
  }
}

/** A remote answer that is well-formed transport-wise but not what the protocol promises (HTTP 5xx, bad JSON). */
export class UpstreamError extends TonstreamError {
  constructor(message: string, retriable: boolean, context: ErrorContext = {}, cause?: unknown) {
    super(message, { code: 'UPSTREAM_ERROR', retriable, context, cause });
  }
}

/** Authentication refused (bad API key, bad password): retrying cannot help. */
export class AuthError extends TonstreamError {
  constructor(message: string, context: ErrorContext = {}) {
    super(message, { code: 'AUTH_ERROR', retriable: false, context });
  }
}

/** A record that does not match its JSON Schema. Poison: goes to the DLQ. */
export class SchemaValidationError extends TonstreamError {
  constructor(message: string, context: ErrorContext = {}) {
    super(message, { code: 'SCHEMA_INVALID', retriable: false, context });
  }
}

/**
 * A transaction (or one of its messages) that cannot be decoded: malformed BOC, or a body that does not match
 * the layout of its op. Names the account, lt, op and the field that failed. Poison: goes to the DLQ.
 */
export class DecodeError extends TonstreamError {
  constructor(
    message: string,
    readonly where: {
      account?: string;
      lt?: string;
      op?: number | null;
      field?: string;
      message?: string;
    } = {},
    cause?: unknown,
  ) {
    super(formatDecodeMessage(message, where), {
      code: 'DECODE_ERROR',
      retriable: false,
      context: {
        account: where.account,
        lt: where.lt,
        op: where.op ?? undefined,
        field: where.field,
        message: where.message,
      },
      cause,
    });
  }
}

function formatDecodeMessage(message: string, where: DecodeError['where']): string {
  const parts: string[] = [];
  if (where.account) parts.push(`account ${where.account}`);
  if (where.lt) parts.push(`lt ${where.lt}`);
  if (where.message) parts.push(`message ${where.message}`);
  if (where.op !== undefined && where.op !== null)
    parts.push(`op 0x${where.op.toString(16).padStart(8, '0')}`);
  if (where.field) parts.push(`field ${where.field}`);
  return parts.length ? `${message} (${parts.join(', ')})` : message;
}

/** A sink could not write a batch. Retriable unless the server rejected the data itself. */
export class SinkWriteError extends TonstreamError {
  constructor(message: string, retriable: boolean, context: ErrorContext = {}, cause?: unknown) {
    super(message, { code: 'SINK_WRITE_ERROR', retriable, context, cause });
  }
}

/** The operation was cancelled by the shutdown signal. */
export class AbortedError extends TonstreamError {
  constructor(message = 'aborted by shutdown signal') {
    super(message, { code: 'ABORTED', retriable: false });
  }
}

const RETRIABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/**
 * Whether an error is worth retrying. Our own errors say so themselves; for foreign ones we recognise
 * socket-level failures, kafkajs's own `retriable` flag and PostgreSQL's serialization/deadlock states.
 */
export function isRetriable(err: unknown): boolean {
  if (err instanceof TonstreamError) return err.retriable;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; retriable?: unknown; name?: unknown };
  if (typeof e.retriable === 'boolean') return e.retriable;
  if (typeof e.code === 'string') {
    if (RETRIABLE_NODE_CODES.has(e.code)) return true;
    // PostgreSQL: serialization_failure, deadlock_detected, connection exceptions (class 08), admin shutdown.
    if (e.code === '40001' || e.code === '40P01' || e.code.startsWith('08') || e.code === '57P01')
      return true;
  }
  return false;
}

/** `code` of an error for logs, metrics and the DLQ. */
export function errorClass(err: unknown): string {
  if (err instanceof TonstreamError) return err.code;
  if (err instanceof Error) return err.name || 'Error';
  return 'UnknownError';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
