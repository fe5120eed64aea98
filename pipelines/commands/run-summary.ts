import type pg from 'pg';
import type { DriftReport } from '../jobs/drift.js';
import type { StageContext } from '../runtime/context.js';

const TON = 1_000_000_000n;
const ton = (nano: string | null) => {
  if (nano === null) return '-';
  const v = BigInt(nano.split('.')[0]!);
  return `${(v / TON).toLocaleString('en-US')}.${(v % TON).toString().padStart(9, '0').slice(0, 2)}`;
};

/** What a user wants to see after a run, and how to look further. */
export async function printRunSummary(
  ctx: StageContext,
  pool: pg.Pool,
  run: { published: number; seconds: number; drift: DriftReport; simulated: boolean; contractsFile: string },
): Promise<void> {
  const q = async (sql: string) => (await pool.query(sql)).rows;
  const ns = ctx.config.namespace;
  const [counts] = await q(`SELECT count(*)::int AS events, count(DISTINCT tx_hash)::int AS txs FROM events`);
  const byType = await q(`SELECT event_type, count(*)::int AS n FROM events GROUP BY 1 ORDER BY 2 DESC`);
  const tranches = await q(
    `SELECT vault, tranche_id, tranche_name, total_capital_nanoton::text AS capital, coverage_sold_nanoton::text AS allocated,
            utilization_bps, apy_bps FROM tranche_state ORDER BY vault, tranche_id`,
  );
  const products = await q(
    `SELECT product_key, active_coverage::text AS coverage, active_policies, total_premiums::text AS premiums
       FROM product_exposure ORDER BY active_coverage DESC LIMIT 10`,
  );
  const alerts = await q(
    `SELECT alert_type, state, count(*)::int AS n FROM alerts GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const driftCounts = run.drift.results.reduce<Record<string, number>>(
    (acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc),
    {},
  );

  const out: string[] = [];
  out.push('', `── tonstream run: namespace ${ns} ─────────────────────────────────────────────`);
  out.push(
    `transactions published ${run.published.toLocaleString('en-US')}, events applied ${counts.events.toLocaleString('en-US')} ` +
      `in ${run.seconds.toFixed(1)} s (${Math.round(counts.events / Math.max(run.seconds, 0.001)).toLocaleString('en-US')} events/s, ` +
      `${Math.round(run.published / Math.max(run.seconds, 0.001)).toLocaleString('en-US')} tx/s end to end)`,
  );
  out.push(
    '',
    'events by type:',
    ...byType.map((r) => `  ${r.event_type.padEnd(24)} ${String(r.n).padStart(8)}`),
  );
  out.push('', 'tranches (TON):  id name          capital             allocated cover     util     APY');
  for (const t of tranches) {
    out.push(
      `  ${t.vault.slice(0, 8)}… ${String(t.tranche_id).padStart(2)} ${String(t.tranche_name).padEnd(12)} ${ton(t.capital).padStart(18)} ${ton(t.allocated).padStart(18)} ` +
        `${(t.utilization_bps / 100).toFixed(2).padStart(7)} % ${t.apy_bps === null ? '   -' : `${(t.apy_bps / 100).toFixed(2).padStart(6)} %`}`,
    );
  }
  out.push('', 'top products by active coverage (TON):');
  for (const p of products)
    out.push(
      `  ${String(p.product_key).padEnd(34)} ${ton(p.coverage).padStart(18)}  ${String(p.active_policies).padStart(6)} policies  premiums ${ton(p.premiums)}`,
    );
  out.push(
    '',
    `alerts: ${alerts.length ? alerts.map((a) => `${a.alert_type} ${a.state} ${a.n}`).join(', ') : 'none'}`,
  );
  out.push(
    `drift: ${
      Object.entries(driftCounts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'no contracts with get-methods'
    }`,
  );
  out.push(
    '',
    'look further:',
    `  psql "${ctx.config.postgres.url.replace(/:[^:@/]+@/, ':***@')}" -c 'SET search_path TO ${ns}; SELECT * FROM tranche_state;'`,
    `  curl '${ctx.config.clickhouse.url.replace(/\/$/, '')}/?query=SELECT+event_type,count()+FROM+${ctx.config.clickhouse.database}.events+FINAL+GROUP+BY+event_type'`,
    `  npx tsx pipelines/cli.ts status --namespace ${ns}`,
    `  npx tsx pipelines/cli.ts drift check --namespace ${ns} --contracts ${run.contractsFile}${run.simulated ? ' (while the run serves the simulation)' : ''}`,
    '  npm run stack:down   # stops Kafka, PostgreSQL and ClickHouse',
    '',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
