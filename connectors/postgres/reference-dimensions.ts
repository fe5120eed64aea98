import type pg from 'pg';
import { allV2ProductCombinations } from '../../schemas/reference/product-validity.js';
import { productHash } from '../../schemas/reference/product-key.js';
import type { ReferenceData } from '../../schemas/reference/index.js';
import { unnestUpsert } from './unnest-upsert.js';

/**
 * Writes the reference data (schemas/reference) into the dimension tables, replacing what was there, in one
 * transaction: analysts join on them, and they always match the version stamped on enriched events.
 */
export async function writeReferenceDimensions(
  pool: pg.Pool,
  ref: ReferenceData,
): Promise<{ products: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      'TRUNCATE dim_coverage_types, dim_chains, dim_stablecoins, dim_products, dim_tranches',
    );
    await unnestUpsert(
      client,
      {
        table: 'dim_coverage_types',
        columns: [
          { name: 'id', type: 'smallint', value: (r: (typeof ref.coverageTypes)[number]) => r.id },
          { name: 'key', type: 'text', value: (r) => r.key },
          { name: 'name', type: 'text', value: (r) => r.name },
        ],
      },
      ref.coverageTypes,
    );
    await unnestUpsert(
      client,
      {
        table: 'dim_chains',
        columns: [
          { name: 'id', type: 'smallint', value: (r: (typeof ref.chains)[number]) => r.id },
          { name: 'key', type: 'text', value: (r) => r.key },
          { name: 'name', type: 'text', value: (r) => r.name },
        ],
      },
      ref.chains,
    );
    await unnestUpsert(
      client,
      {
        table: 'dim_stablecoins',
        columns: [
          { name: 'id', type: 'smallint', value: (r: (typeof ref.stablecoins)[number]) => r.id },
          { name: 'key', type: 'text', value: (r) => r.key },
          { name: 'symbol', type: 'text', value: (r) => r.symbol },
        ],
      },
      ref.stablecoins,
    );
    const products = allV2ProductCombinations(ref);
    await unnestUpsert(
      client,
      {
        table: 'dim_products',
        columns: [
          { name: 'product_key', type: 'text', value: (p: (typeof products)[number]) => p.productKey },
          { name: 'coverage_type', type: 'smallint', value: (p) => p.coverageType },
          { name: 'chain_id', type: 'smallint', value: (p) => p.chainId },
          { name: 'stablecoin_id', type: 'smallint', value: (p) => p.stablecoinId },
          { name: 'valid', type: 'boolean', value: (p) => p.valid },
          {
            name: 'product_hash',
            type: 'bigint',
            value: (p) => productHash(p.coverageType, p.chainId, p.stablecoinId),
          },
        ],
      },
      products,
    );
    const tranches = (['v2', 'v3'] as const).flatMap((generation) =>
      ref.tranches[generation].map((t) => ({
        ...t,
        generation,
        name: ref.index.trancheNames.get(t.id)?.name ?? `tranche-${t.id}`,
      })),
    );
    await unnestUpsert(
      client,
      {
        table: 'dim_tranches',
        columns: [
          { name: 'generation', type: 'text', value: (t: (typeof tranches)[number]) => t.generation },
          { name: 'tranche_id', type: 'smallint', value: (t) => t.id },
          { name: 'name', type: 'text', value: (t) => t.name },
          { name: 'apy_min_bps', type: 'integer', value: (t) => t.apyMinBps },
          { name: 'apy_max_bps', type: 'integer', value: (t) => t.apyMaxBps },
          { name: 'curve_type', type: 'smallint', value: (t) => t.curveType },
          { name: 'allocation_percent', type: 'smallint', value: (t) => t.allocationPercent },
        ],
      },
      tranches,
    );
    await client.query(
      `INSERT INTO dim_reference_version (id, version, loaded_at) VALUES (true, $1, now())
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, loaded_at = now()`,
      [ref.version],
    );
    await client.query('COMMIT');
    return { products: products.length };
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
