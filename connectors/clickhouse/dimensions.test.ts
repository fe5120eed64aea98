import { describe, expect, it } from 'vitest';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { dimensionRows } from './dimensions.js';

describe('dimensionRows', () => {
  const rows = dimensionRows(defaultReferenceData());

  it('lists every raw v2 product with its validity (435 of 560 valid)', () => {
    expect(rows.products).toHaveLength(560);
    expect(rows.products.filter((p) => p.valid === 1)).toHaveLength(435);
    expect(rows.products.find((p) => p.product_key === 'depeg:ethereum:usdc')).toMatchObject({
      coverage_type_name: 'Depeg',
      chain_name: 'Ethereum',
      stablecoin_symbol: 'USDC',
      adjusted_rate_bps: 80,
      product_hash: 0,
    });
  });

  it('keys v3 assets like events and tranches by generation', () => {
    expect(rows.v3_assets.find((a) => a.product_key === 'v3:depeg:usdt')).toMatchObject({
      product_type: 1,
      asset_id: 1,
      name: 'USDT',
    });
    expect(rows.tranches).toHaveLength(12);
    expect(rows.tranches.every((t) => t.reference_version === 1)).toBe(true);
  });
});
