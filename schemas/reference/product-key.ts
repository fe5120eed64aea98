import {
  chainById,
  coverageTypeById,
  defaultReferenceData,
  stablecoinById,
  v3AssetById,
  v3ProductByType,
} from './index.js';
import type { ReferenceData } from './index.js';

/**
 * Readable, stable key of a v2 product: `<coverage>:<chain>:<stablecoin>` from the reference data's slugs, e.g.
 * `depeg:ethereum:usdc`, `bridge:solana:usdt`. Slugs are part of the data contract and never renamed, so a key
 * stays the same across reference-data versions. An id the data does not know renders as `#<id>`
 * (`depeg:#9:usdc`), which cannot collide with a slug, so unknown products still aggregate under a distinct key.
 */
export function productKey(
  coverageType: number,
  chainId: number,
  stablecoinId: number,
  ref: ReferenceData = defaultReferenceData(),
): string {
  return [
    coverageTypeById(ref, coverageType)?.key ?? unknownPart(coverageType),
    chainById(ref, chainId)?.key ?? unknownPart(chainId),
    stablecoinById(ref, stablecoinId)?.key ?? unknownPart(stablecoinId),
  ].join(':');
}

/**
 * Key of a v3 product/asset pair: `v3:<product>:<asset>`, e.g. `v3:depeg:usdt`, `v3:bridge:ton-bridge`. The `v3`
 * prefix keeps the two id spaces apart (v3 asset ids are per product and 1-based, unrelated to v2 ids).
 */
export function v3ProductKey(
  productType: number,
  assetId: number,
  ref: ReferenceData = defaultReferenceData(),
): string {
  return [
    'v3',
    v3ProductByType(ref, productType)?.key ?? unknownPart(productType),
    v3AssetById(ref, productType, assetId)?.key ?? unknownPart(assetId),
  ].join(':');
}

/**
 * The contract's own product id, `(coverage_type << 16) | (chain_id << 8) | stablecoin_id` (stored as u32 in
 * PolicyShard). Null when a component does not fit its 8 bits, where the contract's packing would be ambiguous.
 */
export function productHash(coverageType: number, chainId: number, stablecoinId: number): number | null {
  if (![coverageType, chainId, stablecoinId].every(isByte)) return null;
  return coverageType * 65536 + chainId * 256 + stablecoinId;
}

function unknownPart(id: number): string {
  return `#${Number.isInteger(id) ? String(id) : '?'}`;
}

function isByte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}
