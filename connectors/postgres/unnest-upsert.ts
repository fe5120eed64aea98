import type pg from 'pg';

/** A column of a batched write: its SQL type (for the unnest array cast) and how to read it from a row. */
export interface ColumnSpec<R> {
  name: string;
  type:
    | 'text'
    | 'numeric'
    | 'bigint'
    | 'integer'
    | 'smallint'
    | 'boolean'
    | 'double precision'
    | 'jsonb'
    | 'timestamptz';
  value: (row: R) => string | number | boolean | bigint | null | undefined;
}

export interface UpsertSpec<R> {
  table: string;
  columns: ColumnSpec<R>[];
  /** Conflict target; omitted = plain insert. */
  conflict?: string[];
  /** `nothing` keeps existing rows; `update` overwrites the non-key columns (optionally only where `where` holds). */
  onConflict?: 'nothing' | 'update';
  /** Extra condition for the update, e.g. `EXCLUDED.last_lt >= t.last_lt` (the table is aliased `t`). */
  updateWhere?: string;
  /** Columns an update leaves alone (e.g. a creation position). */
  keep?: string[];
  /** Custom update expressions per column, e.g. `{ total: 't.total + EXCLUDED.total' }` for running sums. */
  updateExpressions?: Record<string, string>;
  returning?: string;
}

function toParam(v: ReturnType<ColumnSpec<unknown>['value']>): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/**
 * One statement for the whole batch: `INSERT … SELECT FROM unnest($1::t[], …) ON CONFLICT …` — one array per
 * column, so the statement has a fixed number of parameters whatever the batch size (about 90k rows/s here).
 */
export async function unnestUpsert<R>(
  client: pg.ClientBase,
  spec: UpsertSpec<R>,
  rows: readonly R[],
): Promise<pg.QueryResult> {
  if (!rows.length) return { rows: [], rowCount: 0, command: 'INSERT', oid: 0, fields: [] };
  const cols = spec.columns;
  const params = cols.map((c) => rows.map((r) => toParam(c.value(r))));
  // jsonb arrays travel as text[] and are cast per element (node-postgres would serialise a JS array of objects wrongly).
  const selects = cols.map((c, i) => (c.type === 'jsonb' ? `u${i}::jsonb` : `u${i}`));
  const unnestArgs = cols.map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`);
  let sql = `INSERT INTO ${spec.table} AS t (${cols.map((c) => c.name).join(', ')})
    SELECT ${selects.join(', ')} FROM unnest(${unnestArgs.join(', ')}) AS u(${cols.map((_, i) => `u${i}`).join(', ')})`;
  if (spec.conflict?.length) {
    sql += ` ON CONFLICT (${spec.conflict.join(', ')}) `;
    if ((spec.onConflict ?? 'update') === 'nothing') {
      sql += 'DO NOTHING';
    } else {
      const updates = cols
        .filter((c) => !spec.conflict!.includes(c.name) && !spec.keep?.includes(c.name))
        .map((c) => `${c.name} = ${spec.updateExpressions?.[c.name] ?? `EXCLUDED.${c.name}`}`);
      sql += `DO UPDATE SET ${updates.join(', ')}`;
      if (spec.updateWhere) sql += ` WHERE ${spec.updateWhere}`;
    }
  }
  if (spec.returning) sql += ` RETURNING ${spec.returning}`;
  return client.query(sql, params);
}
