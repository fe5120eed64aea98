import {
  chainById,
  coverageTypeById,
  curveTypeByCode,
  stablecoinById,
  trancheNameById,
  trancheParamsById,
  v3AprBps,
  v3AssetById,
  v3ProductByKind,
  v3ProductByType,
} from '../../schemas/reference/index.js';
import type { ContractGeneration, ReferenceData } from '../../schemas/reference/index.js';
import { adjustedRateBpsV2, expectedPremiumV2 } from '../../schemas/reference/premium-v2.js';
import { productHash, productKey, v3ProductKey } from '../../schemas/reference/product-key.js';
import { isValidProduct } from '../../schemas/reference/product-validity.js';
import { isPresent, readAmount, readInt } from './coerce.js';
import type {
  EnrichableEvent,
  Enriched,
  Enrichment,
  TrancheEnrichment,
  V2ProductEnrichment,
  V3ProductEnrichment,
} from './types.js';

/**
 * Attach reference facts to one event: v2 product names/key/validity/risk figures and the expected premium, v3
 * product and asset names, tranche name and parameters. Returns a new object; the input is not modified.
 * Total by construction: unknown or malformed ids yield `valid: false` and null names, never an exception.
 */
export function enrichEvent<E extends EnrichableEvent>(ref: ReferenceData, event: E): Enriched<E> {
  const data: Readonly<Record<string, unknown>> =
    typeof event.data === 'object' && event.data !== null ? event.data : {};
  const enrichment: Enrichment = {
    referenceVersion: ref.version,
    product: v2Product(ref, data),
    v3Product: v3Product(ref, event.kind, data),
    tranche: tranche(ref, event.kind, data),
  };
  return { ...event, enrichment };
}

/** Contract generation from a kind name (`vault-v2` → v2); null for anything else. */
export function generationOfKind(kind: unknown): ContractGeneration | null {
  if (typeof kind !== 'string') return null;
  if (kind.endsWith('-v2')) return 'v2';
  if (kind.endsWith('-v3')) return 'v3';
  return null;
}

function v2Product(ref: ReferenceData, data: Readonly<Record<string, unknown>>): V2ProductEnrichment | null {
  // All three must be present: a lone chainId (e.g. ClaimsProcessor's oracle adapter setting) is not a product.
  if (!isPresent(data.coverageType) || !isPresent(data.chainId) || !isPresent(data.stablecoinId)) return null;
  const ct = readInt(data.coverageType);
  const ch = readInt(data.chainId);
  const sc = readInt(data.stablecoinId);
  const coverage = ct === null ? undefined : coverageTypeById(ref, ct);
  const chain = ch === null ? undefined : chainById(ref, ch);
  const coin = sc === null ? undefined : stablecoinById(ref, sc);
  const ids = ct !== null && ch !== null && sc !== null ? ([ct, ch, sc] as const) : null;

  const rate = ids === null ? null : adjustedRateBpsV2(ids[0], ids[1], ids[2], ref);
  const amount = readAmount(isPresent(data.coverage) ? data.coverage : data.coverageAmount);
  const days = readInt(data.durationDays);
  const premium = readAmount(data.premium);
  const expectedPremium =
    ids === null || amount === null || days === null || premium === null
      ? null
      : expectedPremiumV2(ids[0], ids[1], ids[2], amount, days, ref);

  return {
    coverageType: ct,
    coverageTypeName: coverage?.name ?? null,
    chainId: ch,
    chainName: chain?.name ?? null,
    stablecoinId: sc,
    stablecoinSymbol: coin?.symbol ?? null,
    productKey: ids === null ? null : productKey(ids[0], ids[1], ids[2], ref),
    productHash: ids === null ? null : productHash(ids[0], ids[1], ids[2]),
    valid: ids !== null && isValidProduct(ids[0], ids[1], ids[2], ref),
    baseRateBps: coverage?.baseRateBps ?? null,
    chainRiskMultiplierBps: chain?.riskMultiplierBps ?? null,
    stablecoinRiskAdjustmentBps: coin?.riskAdjustmentBps ?? null,
    adjustedRateBps: rate === null ? null : Number(rate),
    expectedPremium,
    premiumMismatch: expectedPremium === null || premium === null ? null : premium !== expectedPremium,
  };
}

function v3Product(
  ref: ReferenceData,
  kind: string,
  data: Readonly<Record<string, unknown>>,
): V3ProductEnrichment | null {
  // v3 children and sub-factories serve one product and leave productType out of their own events.
  const kindProduct = typeof kind === 'string' ? v3ProductByKind(ref, kind) : undefined;
  let productType: number | null;
  let source: V3ProductEnrichment['productTypeSource'];
  if (isPresent(data.productType)) {
    productType = readInt(data.productType);
    source = 'data';
  } else if (isPresent(data.assetId) && kindProduct !== undefined) {
    productType = kindProduct.productType;
    source = 'kind';
  } else {
    return null;
  }
  const assetId = isPresent(data.assetId) ? readInt(data.assetId) : null;
  const product = productType === null ? undefined : v3ProductByType(ref, productType);
  const asset = productType === null || assetId === null ? undefined : v3AssetById(ref, productType, assetId);
  return {
    productType,
    productTypeSource: source,
    productName: product?.name ?? null,
    assetId,
    assetName: asset?.name ?? null,
    productKey: productType === null || assetId === null ? null : v3ProductKey(productType, assetId, ref),
    valid: product !== undefined && asset !== undefined,
    aprBps: productType === null || assetId === null ? null : v3AprBps(ref, productType, assetId),
  };
}

function tranche(
  ref: ReferenceData,
  kind: string,
  data: Readonly<Record<string, unknown>>,
): TrancheEnrichment | null {
  if (!isPresent(data.trancheId)) return null;
  const id = readInt(data.trancheId);
  const generation = generationOfKind(kind);
  const name = id === null ? undefined : trancheNameById(ref, id);
  const params = id === null || generation === null ? undefined : trancheParamsById(ref, generation, id);
  return {
    trancheId: id,
    generation,
    key: name?.key ?? null,
    name: name?.name ?? null,
    valid: params !== undefined,
    params:
      params === undefined
        ? null
        : {
            apyMinBps: params.apyMinBps,
            apyMaxBps: params.apyMaxBps,
            curveType: params.curveType,
            curveName: curveTypeByCode(ref, params.curveType)?.key ?? null,
            allocationPercent: params.allocationPercent,
            lockPeriodSeconds: params.lockPeriodSeconds,
          },
  };
}
