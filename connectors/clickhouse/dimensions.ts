/**
 * Rows of the dimension tables, built from the bundled reference data (schemas/reference). The migration runner
 * loads them; analysts join on them (or use the names already denormalised onto events).
 */
import { adjustedRateBpsV2 } from '../../schemas/reference/premium-v2.js';
import { productHash } from '../../schemas/reference/product-key.js';
import { allV2ProductCombinations } from '../../schemas/reference/product-validity.js';
import { curveTypeByCode, v3AprBps, type ReferenceData } from '../../schemas/reference/index.js';
import { v3ProductKey } from '../../schemas/reference/product-key.js';

export type DimensionTable =
  'coverage_types' | 'chains' | 'stablecoins' | 'products' | 'tranches' | 'v3_products' | 'v3_assets';

export const DIMENSION_TABLES: readonly DimensionTable[] = [
  'coverage_types',
  'chains',
  'stablecoins',
  'products',
  'tranches',
  'v3_products',
  'v3_assets',
];

export type DimensionRow = Record<string, string | number | null>;

export function dimensionRows(ref: ReferenceData): Record<DimensionTable, DimensionRow[]> {
  const version = ref.version;
  const coverageNames = new Map(ref.coverageTypes.map((c) => [c.id, c.name]));
  const chainNames = new Map(ref.chains.map((c) => [c.id, c.name]));
  const coinSymbols = new Map(ref.stablecoins.map((s) => [s.id, s.symbol]));
  const lossOrder = new Map(ref.lossWaterfallOrder.map((id, i) => [id, i + 1]));
  return {
    coverage_types: ref.coverageTypes.map((c) => ({
      id: c.id,
      key: c.key,
      name: c.name,
      base_rate_bps: c.baseRateBps,
      reference_version: version,
    })),
    chains: ref.chains.map((c) => ({
      id: c.id,
      key: c.key,
      name: c.name,
      risk_multiplier_bps: c.riskMultiplierBps,
      reference_version: version,
    })),
    stablecoins: ref.stablecoins.map((s) => ({
      id: s.id,
      key: s.key,
      symbol: s.symbol,
      risk_adjustment_bps: s.riskAdjustmentBps,
      tier_label: s.tierLabel,
      contract_risk_tier: s.contractRiskTier,
      reference_version: version,
    })),
    products: allV2ProductCombinations(ref).map((p) => ({
      product_key: p.productKey,
      coverage_type: p.coverageType,
      chain_id: p.chainId,
      stablecoin_id: p.stablecoinId,
      coverage_type_name: coverageNames.get(p.coverageType) ?? '',
      chain_name: chainNames.get(p.chainId) ?? '',
      stablecoin_symbol: coinSymbols.get(p.stablecoinId) ?? '',
      valid: p.valid ? 1 : 0,
      product_hash: productHash(p.coverageType, p.chainId, p.stablecoinId) ?? 0,
      adjusted_rate_bps: Number(adjustedRateBpsV2(p.coverageType, p.chainId, p.stablecoinId, ref) ?? 0n),
      reference_version: version,
    })),
    tranches: (['v2', 'v3'] as const).flatMap((generation) =>
      ref.tranches[generation].map((t) => {
        const name = ref.index.trancheNames.get(t.id);
        return {
          generation,
          tranche_id: t.id,
          key: name?.key ?? '',
          name: name?.name ?? '',
          backend_id: name?.backendId ?? '',
          apy_min_bps: t.apyMinBps,
          apy_max_bps: t.apyMaxBps,
          curve_type: t.curveType,
          curve_name: curveTypeByCode(ref, t.curveType)?.key ?? '',
          allocation_percent: t.allocationPercent,
          lock_period_seconds: t.lockPeriodSeconds,
          loss_order: lossOrder.get(t.id) ?? 0,
          reference_version: version,
        };
      }),
    ),
    v3_products: ref.v3Products.map((p) => ({
      product_type: p.productType,
      key: p.key,
      name: p.name,
      sub_factory: p.subFactory,
      sub_factory_kind: p.subFactoryKind,
      child_kind: p.childKind,
      shard_prefix: p.shardPrefix,
      apr_bps: p.aprBps,
      reference_version: version,
    })),
    v3_assets: ref.v3Products.flatMap((p) =>
      p.assets.map((a) => ({
        product_type: p.productType,
        asset_id: a.assetId,
        product_key: v3ProductKey(p.productType, a.assetId, ref),
        product_name: p.name,
        key: a.key,
        name: a.name,
        apr_bps: v3AprBps(ref, p.productType, a.assetId),
        reference_version: version,
      })),
    ),
  };
}
