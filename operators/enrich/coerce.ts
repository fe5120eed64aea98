/**
 * Lenient readers for event data fields. Enrichment sees events in their bigint form and, after a Kafka round
 * trip, in their JSON form (amounts as decimal strings), and must never throw on either, so a value that is not
 * what the field should hold reads as null.
 */

const INTEGER_TEXT = /^-?[0-9]+$/;

/** A small integer id (number, bigint or decimal string) as a number; null when absent or not a safe integer. */
export function readInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : null;
  }
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return readInt(BigInt(value));
  return null;
}

/** An amount (bigint, safe-integer number or decimal string) as a bigint; null when absent or malformed. */
export function readAmount(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value);
  return null;
}

/** Whether a field carries a value at all (canonical events use null for "not revealed"). */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}
