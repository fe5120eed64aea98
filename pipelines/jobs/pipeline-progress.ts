import type pg from 'pg';
import type { AdminPort } from '../../connectors/kafka/port.js';
import { PostgresOffsetStore } from '../../connectors/postgres/offset-store.js';
import type { Config } from '../runtime/config.js';

/** Total lag of a group on a topic from end offsets and committed positions (missing position = 0). */
export function lagOf(
  ends: { partition: number; high: string }[],
  positions: { partition: number; offset: string }[],
): bigint {
  let lag = 0n;
  for (const e of ends) {
    const p = positions.find((x) => x.partition === e.partition);
    const at = p && BigInt(p.offset) >= 0n ? BigInt(p.offset) : 0n;
    if (BigInt(e.high) > at) lag += BigInt(e.high) - at;
  }
  return lag;
}

/**
 * Has the pipeline applied everything of `address` up to `chainLt`? Yes when the source published up to that lt
 * and neither the decode nor the state stage has anything left to read.
 */
export function pipelineApplied(config: Config, admin: AdminPort, pool: pg.Pool) {
  const ns = config.namespace;
  const t = config.kafka.topics;
  return async (address: string, chainLt: string): Promise<boolean> => {
    const cursor = (
      await pool
        .query('SELECT last_lt::text FROM source_cursors WHERE address = $1', [address])
        .catch(() => ({ rows: [] as any[] }))
    ).rows[0];
    // Without a cursor (replayed input) only the stage lags decide.
    if (cursor?.last_lt && BigInt(cursor.last_lt) < BigInt(chainLt)) return false;
    const decodeLag = lagOf(
      await admin.topicOffsets(t.raw),
      await admin.committedOffsets(`${ns}-decode`, t.raw),
    );
    if (decodeLag > 0n) return false;
    const stateLag = lagOf(
      await admin.topicOffsets(t.events),
      await new PostgresOffsetStore(`${ns}-state`).load(pool, t.events),
    );
    return stateLag === 0n;
  };
}
