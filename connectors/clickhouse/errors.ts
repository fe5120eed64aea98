import { isRetriable } from '../../pipelines/runtime/errors.js';

/**
 * ClickHouse error codes that describe a passing condition of the server rather than bad data: overload, merges
 * behind (TOO_MANY_PARTS), memory, timeouts, network. Data errors (parse failure, unknown column, type mismatch)
 * and missing tables or rights are not retried: the same request would fail again.
 */
const RETRIABLE_CODES = new Set([
  '3', // UNEXPECTED_END_OF_FILE (request cut short)
  '159', // TIMEOUT_EXCEEDED
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '203', // NO_FREE_CONNECTION
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR
  '241', // MEMORY_LIMIT_EXCEEDED
  '242', // TABLE_IS_READ_ONLY
  '252', // TOO_MANY_PARTS
  '285', // TOO_FEW_LIVE_REPLICAS
  '319', // UNKNOWN_STATUS_OF_INSERT
  '425', // SYSTEM_ERROR
  '999', // KEEPER_EXCEPTION
]);

const TRANSIENT_MESSAGE =
  /timeout|socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|other side closed|503 Service Unavailable/i;

/** Whether a failed ClickHouse request is worth repeating. */
export function isRetriableClickHouseError(err: unknown): boolean {
  if (isRetriable(err)) return true;
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return RETRIABLE_CODES.has(code);
  return err instanceof Error && TRANSIENT_MESSAGE.test(err.message);
}

/** The server's error code, when the error came from the server. */
export function clickHouseErrorCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
