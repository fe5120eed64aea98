/**
 * The real-emulator corpus (`../shared/corpus/transactions.jsonl.gz`), read at run time, against the
 * reference decoder: every protocol transaction decodes, failures are only TransactionFailed, known ops map
 * to events or documented no-state-change outcomes, and the decoded facts agree with the corpus fields.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTransaction, type DecodedTransaction } from '../../operators/decode/decode-transaction.js';
import { contractSpec } from '../../schemas/contracts/registry.js';
import { AUDIT_ONLY_EVENT_TYPES } from '../../schemas/events/definitions.js';
import { eventFromJson, eventToJson } from '../../schemas/events/event-json.js';
import { CORPUS_TRANSACTIONS, corpusKind, corpusPresent, type CorpusRow } from './corpus-kinds.js';

const hex = (n: number | null | undefined) =>
  n === null || n === undefined ? null : `0x${n.toString(16).padStart(8, '0')}`;

interface Decoded {
  row: CorpusRow;
  kind: NonNullable<ReturnType<typeof corpusKind>>;
  result?: DecodedTransaction;
  error?: unknown;
}

const present = corpusPresent();
if (!present) {
  console.warn(
    `corpus not found at ${CORPUS_TRANSACTIONS}: corpus tests skipped (it lives beside the repository in ../shared/corpus)`,
  );
}

(present ? describe : describe.skip)('emulator corpus (../shared/corpus/transactions.jsonl.gz)', () => {
  const decoded: Decoded[] = [];
  let rows = 0;

  beforeAll(async () => {
    const lines = createInterface({
      input: createReadStream(CORPUS_TRANSACTIONS).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (!line.trim()) continue;
      rows++;
      const row = JSON.parse(line) as CorpusRow;
      const kind = corpusKind(row);
      if (!kind) continue;
      try {
        const result = decodeTransaction(
          { account: row.account, lt: row.lt, hash: row.hash, utime: row.now, boc: row.boc },
          kind,
        );
        decoded.push({ row, kind, result });
      } catch (error) {
        decoded.push({ row, kind, error });
      }
    }
  }, 120_000);

  it('finds protocol transactions in the corpus', () => {
    expect(rows).toBeGreaterThan(3000);
    expect(decoded.length).toBeGreaterThan(1000);
  });

  it('decodes every transaction of a protocol contract without DecodeError', () => {
    const failures = decoded
      .filter((d) => d.error)
      .map((d) => `${d.row.tx_uid} ${d.kind}: ${String(d.error)}`);
    expect(failures).toEqual([]);
  });

  it('agrees with the corpus fields (op, exit code, phases, out counts)', () => {
    for (const { row, result } of decoded) {
      const f = result!.facts;
      const ctx = `${row.tx_uid}`;
      expect(f.hash, ctx).toBe(row.hash);
      expect(f.lt, ctx).toBe(row.lt);
      expect(f.compute?.type === 'vm' ? f.compute.success : null, ctx).toBe(row.compute_success);
      expect(f.compute?.type === 'vm' ? f.compute.exitCode : null, ctx).toBe(row.exit_code);
      expect(f.aborted, ctx).toBe(row.aborted);
      expect(f.action?.success ?? null, ctx).toBe(row.action_success);
      expect(f.action?.resultCode ?? null, ctx).toBe(row.action_result_code);
      expect(hex(f.inMessage?.op), ctx).toBe(row.in_msg_op);
      expect(f.inMessage?.bounced ?? null, ctx).toBe(row.in_msg?.bounced ?? null);
      expect(f.inMessage?.src ?? null, ctx).toBe(row.in_msg?.src ?? null);
      expect(f.inMessage?.value.toString() ?? null, ctx).toBe(row.in_msg?.value ?? null);
      expect(f.outMessages.length, ctx).toBe(row.out_msgs_count);
      expect(f.outMessages.filter((o) => o.type === 'external-out').length, ctx).toBe(row.out_ext_count);
      f.outMessages.forEach((o, i) => {
        const c = row.out_msgs[i]!;
        if (o.type === 'internal') {
          expect(hex(o.op), `${ctx} out ${i}`).toBe(c.op);
          expect(o.dest, `${ctx} out ${i}`).toBe(c.dest);
          expect(o.value.toString(), `${ctx} out ${i}`).toBe(c.value);
        }
      });
    }
  });

  it('turns failed transactions into TransactionFailed and nothing that changes state', () => {
    let failed = 0;
    for (const { row, result } of decoded) {
      const { events, facts } = result!;
      const executionFailed = row.compute_success !== true || row.aborted || row.action_success === false;
      const bounced = row.in_msg?.bounced === true;
      if (executionFailed) {
        failed++;
        expect(facts.success, row.tx_uid).toBe(false);
        expect(
          events.map((e) => e.type),
          row.tx_uid,
        ).toEqual(['TransactionFailed']);
        const data = events[0]!.data as { exitCode: number | null; bounced: boolean; phase: string };
        if (row.compute_success === false) expect(data.exitCode).toBe(row.exit_code);
        expect(data.bounced).toBe(bounced);
      } else if (bounced) {
        // Only the bounce handler's visible effects (its logs) may follow the TransactionFailed.
        expect(events[0]?.type, row.tx_uid).toBe('TransactionFailed');
        for (const e of events.slice(1)) expect(e.origin, row.tx_uid).toBe('log');
      } else {
        expect(
          events.some((e) => e.type === 'TransactionFailed'),
          row.tx_uid,
        ).toBe(false);
      }
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('maps every known op of a successful transaction to events or a documented no-state-change outcome', () => {
    for (const { row, kind, result } of decoded) {
      const { facts, events } = result!;
      if (!facts.success || facts.inMessage?.bounced) continue;
      const op = facts.inMessage?.op ?? null;
      if (facts.inMessage?.bodyKind === 'op' && op !== null && contractSpec(kind).ops.has(op)) {
        expect(facts.outcome, `${row.tx_uid} ${kind} ${hex(op)}`).not.toBe('unknown-op');
      }
      if (facts.outcome === 'state-change')
        expect(events.some((e) => !AUDIT_ONLY_EVENT_TYPES.has(e.type))).toBe(true);
      if (facts.outcome === 'no-state-change') {
        expect(events, row.tx_uid).toEqual([]);
        expect(facts.outcomeReason, row.tx_uid).toBeTruthy();
      }
    }
  });

  it('decodes every v2 log (external-out) of a protocol contract', () => {
    for (const { row, kind, result } of decoded) {
      for (const o of result!.facts.outMessages) {
        if (o.type !== 'external-out') continue;
        expect(o.logId, row.tx_uid).not.toBeNull();
        expect(o.name, `${row.tx_uid} ${kind} log ${o.logId}`).not.toBeNull();
      }
      // The corpus's own log list must match what the decoder saw on chain.
      const onChain = (row.events ?? []).filter((e) => e.kind === 'ext_out_dest_addr');
      expect(onChain.length, row.tx_uid).toBe(
        result!.facts.outMessages.filter((o) => o.type === 'external-out').length,
      );
    }
  });

  it('emits schema-valid, deterministic events', () => {
    for (const { row, result, kind } of decoded) {
      const again = decodeTransaction(
        { account: row.account, lt: row.lt, hash: row.hash, utime: row.now, boc: row.boc },
        kind,
      );
      expect(again).toEqual(result);
      for (const e of result!.events) {
        expect(e.eventId).toBe(`${row.account}:${row.lt}:${row.hash}:${e.index}`);
        expect(eventFromJson(JSON.parse(JSON.stringify(eventToJson(e))))).toEqual(e);
      }
    }
  });

  it('prints counts per kind, op and event type', () => {
    const table = new Map<string, number>();
    for (const { kind, result } of decoded) {
      const f = result!.facts;
      const op = f.inMessage?.bounced
        ? `bounce(${hex(f.inMessage.bouncedOp)})`
        : (hex(f.inMessage?.op) ?? f.inMessage?.bodyKind ?? '-');
      const name = f.inMessage?.opName ?? f.inMessage?.bodyKind ?? '';
      const evs = result!.events.map((e) => e.type).join('+') || `(${f.outcome})`;
      const key = `${kind}\t${op} ${name}\t${evs}`;
      table.set(key, (table.get(key) ?? 0) + 1);
    }
    const lines = [...table]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${String(v).padStart(5)}  ${k}`);
    const byType = new Map<string, number>();
    for (const { result } of decoded)
      for (const e of result!.events) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    console.log(
      [
        `corpus rows ${rows}, protocol transactions decoded ${decoded.length}`,
        'count  kind\top\tevents',
        ...lines,
        'events by type:',
        ...[...byType].sort().map(([t, n]) => `${String(n).padStart(5)}  ${t}`),
      ].join('\n'),
    );
    expect(lines.length).toBeGreaterThan(0);
  });
});
