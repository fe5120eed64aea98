import type pg from 'pg';
import type { ContractKind } from '../../schemas/contracts/kinds.js';

export interface AccountCursor {
  address: string;
  kind: ContractKind;
  lastLt: string | null;
  lastHash: string | null;
  transactionsSeen: number;
}

export interface CursorAdvance {
  address: string;
  kind: ContractKind;
  lastLt: string;
  lastHash: string;
  published: number;
  chainLastLt: string | null;
}

/** Where the account source keeps its per-address cursor (PostgreSQL `source_cursors` in production). */
export interface CursorStore {
  load(address: string, kind: ContractKind): Promise<AccountCursor>;
  /** Moves cursors forward (never back) in one transaction. */
  advance(advances: CursorAdvance[]): Promise<void>;
  recordError(
    address: string,
    kind: ContractKind,
    message: string,
    chainLastLt?: string | null,
  ): Promise<void>;
}

export class PostgresCursorStore implements CursorStore {
  constructor(private readonly pool: pg.Pool) {}

  async load(address: string, kind: ContractKind): Promise<AccountCursor> {
    const { rows } = await this.pool.query(
      `SELECT last_lt::text, last_hash, transactions_seen FROM source_cursors WHERE address = $1`,
      [address],
    );
    const row = rows[0];
    return {
      address,
      kind,
      lastLt: row?.last_lt ?? null,
      lastHash: row?.last_hash ?? null,
      transactionsSeen: Number(row?.transactions_seen ?? 0),
    };
  }

  async advance(advances: CursorAdvance[]): Promise<void> {
    if (!advances.length) return;
    // GREATEST keeps a cursor from moving back when a replica replays an older batch.
    await this.pool.query(
      `INSERT INTO source_cursors (address, kind, last_lt, last_hash, chain_last_lt, transactions_seen, status, last_error, updated_at)
       SELECT a, k, l::numeric, h, c::numeric, n, 'ok', NULL, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS t(a, k, l, h, c, n)
       ON CONFLICT (address) DO UPDATE SET
         kind = EXCLUDED.kind,
         last_hash = CASE WHEN EXCLUDED.last_lt > COALESCE(source_cursors.last_lt, -1) THEN EXCLUDED.last_hash ELSE source_cursors.last_hash END,
         last_lt = GREATEST(EXCLUDED.last_lt, COALESCE(source_cursors.last_lt, -1)),
         chain_last_lt = GREATEST(EXCLUDED.chain_last_lt, source_cursors.chain_last_lt),
         transactions_seen = source_cursors.transactions_seen + EXCLUDED.transactions_seen,
         status = 'ok', last_error = NULL, updated_at = now()`,
      [
        advances.map((a) => a.address),
        advances.map((a) => a.kind),
        advances.map((a) => a.lastLt),
        advances.map((a) => a.lastHash),
        advances.map((a) => a.chainLastLt),
        advances.map((a) => a.published),
      ],
    );
  }

  async recordError(
    address: string,
    kind: ContractKind,
    message: string,
    chainLastLt: string | null = null,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO source_cursors (address, kind, status, last_error, chain_last_lt, updated_at) VALUES ($1, $2, 'error', $3, $4::numeric, now())
       ON CONFLICT (address) DO UPDATE SET status = 'error', last_error = EXCLUDED.last_error,
         chain_last_lt = COALESCE(GREATEST(EXCLUDED.chain_last_lt, source_cursors.chain_last_lt), source_cursors.chain_last_lt), updated_at = now()`,
      [address, kind, message.slice(0, 1000), chainLastLt],
    );
  }
}

/** In-process cursors, for tests and one-shot runs. */
export class MemoryCursorStore implements CursorStore {
  readonly cursors = new Map<string, AccountCursor & { status: string; lastError: string | null }>();

  async load(address: string, kind: ContractKind): Promise<AccountCursor> {
    const c = this.cursors.get(address);
    return c ? { ...c } : { address, kind, lastLt: null, lastHash: null, transactionsSeen: 0 };
  }

  async advance(advances: CursorAdvance[]): Promise<void> {
    for (const a of advances) {
      const prev = this.cursors.get(a.address);
      if (prev?.lastLt && BigInt(prev.lastLt) >= BigInt(a.lastLt)) continue;
      this.cursors.set(a.address, {
        address: a.address,
        kind: a.kind,
        lastLt: a.lastLt,
        lastHash: a.lastHash,
        transactionsSeen: (prev?.transactionsSeen ?? 0) + a.published,
        status: 'ok',
        lastError: null,
      });
    }
  }

  async recordError(address: string, kind: ContractKind, message: string): Promise<void> {
    const prev = await this.load(address, kind);
    this.cursors.set(address, { ...prev, status: 'error', lastError: message });
  }
}
