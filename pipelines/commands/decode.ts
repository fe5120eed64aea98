/**
 * Offline decoding: JSON lines of raw records (`{account, lt, hash, utime, boc, ...}`) or corpus rows
 * (`{account, lt, hash, now, boc, ...}`) in, one JSON line per transaction of a mapped address out:
 * `{account, lt, hash, kind, success, exitCode, events}` or, when it cannot be decoded,
 * `{account, lt, hash, kind, error: {class, message}}`. Unmapped addresses are skipped.
 */
import { readLines } from '../../connectors/replay/jsonl.js';
import type { Writable } from 'node:stream';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import { normalizeAddress, type ContractMap } from '../../schemas/contracts/contract-map.js';
import { eventToJson } from '../../schemas/events/event-json.js';
import { ConfigError, DecodeError, errorClass, errorMessage } from '../runtime/errors.js';

export interface DecodeFileOptions {
  /** Path (`.gz` or gzip content accepted) or `-` for stdin. */
  input: string;
  contracts: ContractMap;
  output: Writable;
}

export interface DecodeFileSummary {
  lines: number;
  decoded: number;
  skipped: number;
  errors: number;
}

function writeLine(output: Writable, value: unknown): Promise<void> | void {
  const ok = output.write(`${JSON.stringify(value)}\n`);
  if (!ok) return new Promise((resolve) => output.once('drain', () => resolve()));
}

interface RecordFields {
  account: string;
  lt: string;
  hash: string;
  utime: number;
  boc: string;
}

function recordFields(row: Record<string, unknown>): RecordFields {
  return {
    account: String(row.account ?? ''),
    lt: String(row.lt ?? ''),
    hash: String(row.hash ?? ''),
    utime: Number(row.utime ?? row.now ?? 0),
    boc: String(row.boc ?? ''),
  };
}

export async function decodeFile(opts: DecodeFileOptions): Promise<DecodeFileSummary> {
  const summary: DecodeFileSummary = { lines: 0, decoded: 0, skipped: 0, errors: 0 };
  for await (const { line } of readJsonLines(opts.input)) {
    summary.lines++;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
      if (typeof row !== 'object' || row === null) throw new Error('not a JSON object');
    } catch (err) {
      summary.errors++;
      const error = new DecodeError(`line ${summary.lines} is not a JSON object: ${errorMessage(err)}`, {
        field: 'line',
      });
      await writeLine(opts.output, {
        account: null,
        lt: null,
        hash: null,
        kind: null,
        error: { class: error.code, message: error.message },
      });
      continue;
    }
    const rec = recordFields(row);
    const account = normalizeAddress(rec.account);
    const kind = account === null ? undefined : opts.contracts.get(account);
    if (account === null || kind === undefined) {
      summary.skipped++;
      continue;
    }
    try {
      const { facts, events } = decodeTransaction({ ...rec, account }, kind);
      summary.decoded++;
      await writeLine(opts.output, {
        account,
        lt: facts.lt,
        hash: facts.hash,
        kind,
        success: facts.success,
        exitCode: facts.compute?.type === 'vm' ? facts.compute.exitCode : null,
        events: events.map(eventToJson),
      });
    } catch (err) {
      summary.errors++;
      await writeLine(opts.output, {
        account,
        lt: rec.lt,
        hash: rec.hash,
        kind,
        error: { class: errorClass(err), message: errorMessage(err) },
      });
    }
  }
  return summary;
}

/** The shared JSON-lines reader (gzip by content, `-` = stdin), with an unreadable input as a ConfigError. */
async function* readJsonLines(input: string): AsyncGenerator<{ line: string; lineNo: number }> {
  try {
    yield* readLines(input);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT' || (err as { code?: string }).code === 'EACCES') {
      throw new ConfigError(`cannot read ${input}: ${errorMessage(err)}`, input);
    }
    throw err;
  }
}
