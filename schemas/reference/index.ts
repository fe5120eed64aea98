/**
 * Reference data of the Tonsurance protocol: product matrix (v2 contract id space), premium constants, tranche
 * parameters (v2 and v3 deploys), v3 products and assets, alert thresholds.
 *
 * The data lives in versioned JSON files beside this module (`manifest.json` pins each file's version). They are
 * read at run time, validated with zod and cross-checked; anything wrong is a `ConfigError` naming the file and
 * field, because a pipeline that enriches with wrong reference data would silently mislabel every event.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../pipelines/runtime/errors.js';

// ---------------------------------------------------------------------------------------------------------------
// File schemas

const idSchema = z.number().int().nonnegative();
const bpsSchema = z.number().int();
const keySchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case slug (a-z, 0-9, -)');
const nanoSchema = z
  .string()
  .regex(/^[0-9]+$/, 'must be a decimal string of nanoTON')
  .transform((s) => BigInt(s));
const header = { version: z.number().int().positive(), source: z.string().min(1) };

const manifestFileSchema = z.object({ path: z.string().min(1), version: z.number().int().positive() });
const manifestSchema = z.object({
  ...header,
  files: z.object({
    coverageTypes: manifestFileSchema,
    chains: manifestFileSchema,
    stablecoins: manifestFileSchema,
    compatibility: manifestFileSchema,
    premiumV2: manifestFileSchema,
    tranches: manifestFileSchema,
    v3Products: manifestFileSchema,
    thresholds: manifestFileSchema,
  }),
});

const coverageTypesFileSchema = z.object({
  ...header,
  coverageTypes: z.array(
    z.object({ id: idSchema, key: keySchema, name: z.string().min(1), baseRateBps: bpsSchema }),
  ),
});

const chainsFileSchema = z.object({
  ...header,
  chains: z.array(
    z.object({
      id: idSchema,
      key: keySchema,
      name: z.string().min(1),
      riskMultiplierBps: bpsSchema.positive(),
    }),
  ),
});

const stablecoinsFileSchema = z.object({
  ...header,
  stablecoins: z.array(
    z.object({
      id: idSchema,
      key: keySchema,
      symbol: z.string().min(1),
      riskAdjustmentBps: bpsSchema,
      tierLabel: z.number().int().positive(),
      contractRiskTier: z.number().int().nonnegative(),
    }),
  ),
});

const compatibilityFileSchema = z.object({
  ...header,
  defaultRule: z.literal('all-stablecoins'),
  restrictions: z.array(z.object({ chainId: idSchema, allowedStablecoinIds: z.array(idSchema) })),
});

const premiumV2FileSchema = z.object({
  ...header,
  chainMultiplierDenominator: z.number().int().positive(),
  rateDenominator: z.number().int().positive(),
  timeMultiplierDenominator: z.number().int().positive(),
  defaultTimeMultiplier: z.number().int().nonnegative(),
  timeMultipliers: z.array(z.object({ durationDays: idSchema, multiplier: z.number().int().nonnegative() })),
  routerLimits: z.object({
    minCoverage: nanoSchema,
    maxCoverage: nanoSchema,
    allowedDurationsDays: z.array(z.number().int().positive()),
  }),
});

const trancheParamsSchema = z.object({
  id: idSchema,
  apyMinBps: bpsSchema.nonnegative(),
  apyMaxBps: bpsSchema.nonnegative(),
  curveType: z.number().int(),
  allocationPercent: z.number().int().min(0).max(100),
  lockPeriodSeconds: z.number().int().nonnegative().nullable(),
});

const tranchesFileSchema = z.object({
  ...header,
  curveTypes: z.array(
    z.object({ code: z.number().int().positive(), key: keySchema, v3TimeCurve: keySchema }),
  ),
  names: z.array(
    z.object({ id: idSchema, key: keySchema, name: z.string().min(1), backendId: z.string().min(1) }),
  ),
  v2: z.array(trancheParamsSchema),
  v3: z.array(trancheParamsSchema),
  lossWaterfallOrder: z.array(idSchema),
});

const v3ProductsFileSchema = z.object({
  ...header,
  products: z.array(
    z.object({
      productType: idSchema,
      key: keySchema,
      name: z.string().min(1),
      subFactory: z.string().min(1),
      subFactoryKind: z.string().min(1),
      childKind: z.string().min(1),
      shardPrefix: z.number().int().min(0).max(255),
      aprBps: bpsSchema.nonnegative().nullable(),
      assets: z.array(
        z.object({
          assetId: idSchema,
          key: keySchema,
          name: z.string().min(1),
          aprBps: bpsSchema.nonnegative().optional(),
        }),
      ),
    }),
  ),
});

const thresholdsFileSchema = z.object({
  ...header,
  highUtilizationBps: bpsSchema.nonnegative(),
  maxUtilizationBps: bpsSchema.nonnegative(),
  minCollateralizationBps: bpsSchema.nonnegative(),
  driftWarnBps: bpsSchema.nonnegative(),
  driftCriticalBps: bpsSchema.nonnegative(),
  highValuePolicyCoverage: nanoSchema,
  highValuePayoutAmount: nanoSchema,
});

const fileSchemas = {
  coverageTypes: coverageTypesFileSchema,
  chains: chainsFileSchema,
  stablecoins: stablecoinsFileSchema,
  compatibility: compatibilityFileSchema,
  premiumV2: premiumV2FileSchema,
  tranches: tranchesFileSchema,
  v3Products: v3ProductsFileSchema,
  thresholds: thresholdsFileSchema,
} as const;

type FileName = keyof typeof fileSchemas;
const FILE_NAMES = Object.keys(fileSchemas) as FileName[];

// ---------------------------------------------------------------------------------------------------------------
// Public types

export type ContractGeneration = 'v2' | 'v3';

export interface CoverageType {
  readonly id: number;
  /** Stable slug used in product keys; renaming one is a breaking change. */
  readonly key: string;
  readonly name: string;
  /** Annual base rate in bps (contract `get_coverage_type_base_rate`). */
  readonly baseRateBps: number;
}

export interface Chain {
  readonly id: number;
  readonly key: string;
  readonly name: string;
  /** 10000 = 1.0× (contract `get_chain_risk_multiplier`). */
  readonly riskMultiplierBps: number;
}

export interface Stablecoin {
  readonly id: number;
  readonly key: string;
  readonly symbol: string;
  /** Additive bps on the adjusted rate (contract `get_stablecoin_risk_adjustment`). */
  readonly riskAdjustmentBps: number;
  readonly tierLabel: number;
  readonly contractRiskTier: number;
}

export interface PremiumV2Params {
  readonly chainMultiplierDenominator: bigint;
  readonly rateDenominator: bigint;
  readonly timeMultiplierDenominator: bigint;
  readonly defaultTimeMultiplier: bigint;
  readonly timeMultipliers: ReadonlyMap<number, bigint>;
  readonly routerLimits: {
    readonly minCoverage: bigint;
    readonly maxCoverage: bigint;
    readonly allowedDurationsDays: readonly number[];
  };
}

export interface CurveType {
  readonly code: number;
  /** Utilization → APY curve name (spec §7.3 a). */
  readonly key: string;
  /** Name of the same code in the v3 vault's time → NAV curves (spec §7.3 b). */
  readonly v3TimeCurve: string;
}

export interface TrancheName {
  readonly id: number;
  readonly key: string;
  /** e.g. `SURE-BTC` */
  readonly name: string;
  /** e.g. `SURE_BTC`, the id the backend's utilization tracker uses */
  readonly backendId: string;
}

export interface TrancheParams {
  readonly id: number;
  readonly apyMinBps: number;
  readonly apyMaxBps: number;
  readonly curveType: number;
  readonly allocationPercent: number;
  /** Token lock-up; null where the source gives none (v3). */
  readonly lockPeriodSeconds: number | null;
}

export interface V3Asset {
  readonly assetId: number;
  readonly key: string;
  readonly name: string;
  /** Set where the APR differs per asset (NatCat); otherwise the product's APR applies. */
  readonly aprBps: number | null;
}

export interface V3Product {
  readonly productType: number;
  readonly key: string;
  readonly name: string;
  readonly subFactory: string;
  readonly subFactoryKind: string;
  readonly childKind: string;
  readonly shardPrefix: number;
  readonly aprBps: number | null;
  readonly assets: readonly V3Asset[];
}

export interface Thresholds {
  readonly highUtilizationBps: number;
  readonly maxUtilizationBps: number;
  readonly minCollateralizationBps: number;
  readonly driftWarnBps: number;
  readonly driftCriticalBps: number;
  readonly highValuePolicyCoverage: bigint;
  readonly highValuePayoutAmount: bigint;
}

export interface ReferenceData {
  /** Version of the whole set (`manifest.json`); stamped on enriched events. */
  readonly version: number;
  readonly fileVersions: Readonly<Record<FileName, number>>;
  readonly coverageTypes: readonly CoverageType[];
  readonly chains: readonly Chain[];
  readonly stablecoins: readonly Stablecoin[];
  /** chain id → allowed stablecoin ids, for restricted chains only; other chains allow every stablecoin. */
  readonly compatibilityRestrictions: ReadonlyMap<number, ReadonlySet<number>>;
  readonly premiumV2: PremiumV2Params;
  readonly curveTypes: readonly CurveType[];
  readonly trancheNames: readonly TrancheName[];
  readonly tranches: Readonly<Record<ContractGeneration, readonly TrancheParams[]>>;
  /** Tranche ids in the order losses are absorbed. */
  readonly lossWaterfallOrder: readonly number[];
  readonly v3Products: readonly V3Product[];
  readonly thresholds: Thresholds;
  readonly index: ReferenceIndex;
}

interface ReferenceIndex {
  readonly coverageTypes: ReadonlyMap<number, CoverageType>;
  readonly chains: ReadonlyMap<number, Chain>;
  readonly stablecoins: ReadonlyMap<number, Stablecoin>;
  readonly curveTypes: ReadonlyMap<number, CurveType>;
  readonly trancheNames: ReadonlyMap<number, TrancheName>;
  readonly tranches: Readonly<Record<ContractGeneration, ReadonlyMap<number, TrancheParams>>>;
  readonly v3Products: ReadonlyMap<number, V3Product>;
  readonly v3ProductsByKind: ReadonlyMap<string, V3Product>;
  readonly v3Assets: ReadonlyMap<number, ReadonlyMap<number, V3Asset>>;
}

/** The raw JSON documents, keyed like the manifest. */
export type ReferenceDocuments = { manifest: unknown } & Record<FileName, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Loading

/**
 * Directory holding the reference JSON files. Beside this module when running from source; when running the
 * compiled `dist/schemas/reference/index.js` the JSON is not copied, so walk up to the package root instead.
 */
export function referenceDataDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  if (existsSync(join(here, 'manifest.json'))) return here;
  let dir = here;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      const candidate = join(dir, 'schemas', 'reference');
      if (existsSync(join(candidate, 'manifest.json'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ConfigError(
    `reference data not found: no schemas/reference/manifest.json above ${here}`,
    'reference.dir',
  );
}

/** Read, validate and index the reference files in `dir` (default: `referenceDataDir()`). */
export function loadReferenceData(dir: string = referenceDataDir()): ReferenceData {
  const manifestPath = join(dir, 'manifest.json');
  const manifestRaw = readJson(manifestPath);
  const manifest = parseWith(manifestSchema, manifestRaw, manifestPath);
  const documents = { manifest: manifestRaw } as ReferenceDocuments;
  for (const name of FILE_NAMES) documents[name] = readJson(join(dir, manifest.files[name].path));
  return buildReferenceData(documents, (name) =>
    name === 'manifest' ? manifestPath : join(dir, manifest.files[name].path),
  );
}

let cachedDefault: ReferenceData | undefined;

/** The bundled reference data, loaded once. */
export function defaultReferenceData(): ReferenceData {
  cachedDefault ??= loadReferenceData();
  return cachedDefault;
}

/**
 * Validate and index already-parsed documents (tests use this to build variants). `where` names a document in
 * error messages.
 */
export function buildReferenceData(
  documents: ReferenceDocuments,
  where: (name: FileName | 'manifest') => string = (name) => name,
): ReferenceData {
  const manifest = parseWith(manifestSchema, documents.manifest, where('manifest'));
  const fileVersions = {} as Record<FileName, number>;
  for (const name of FILE_NAMES) {
    const doc = documents[name];
    const version =
      typeof doc === 'object' && doc !== null ? (doc as { version?: unknown }).version : undefined;
    if (version !== manifest.files[name].version) {
      throw new ConfigError(
        `${where(name)}: version ${String(version)} does not match the manifest's ${manifest.files[name].version}`,
        `${name}.version`,
      );
    }
    fileVersions[name] = manifest.files[name].version;
  }

  const coverageTypes = parseWith(
    coverageTypesFileSchema,
    documents.coverageTypes,
    where('coverageTypes'),
  ).coverageTypes;
  const chains = parseWith(chainsFileSchema, documents.chains, where('chains')).chains;
  const stablecoins = parseWith(
    stablecoinsFileSchema,
    documents.stablecoins,
    where('stablecoins'),
  ).stablecoins;
  const compatibility = parseWith(compatibilityFileSchema, documents.compatibility, where('compatibility'));
  const premium = parseWith(premiumV2FileSchema, documents.premiumV2, where('premiumV2'));
  const tranchesFile = parseWith(tranchesFileSchema, documents.tranches, where('tranches'));
  const productsFile = parseWith(v3ProductsFileSchema, documents.v3Products, where('v3Products'));
  const thresholdsFile = parseWith(thresholdsFileSchema, documents.thresholds, where('thresholds'));

  const coverageTypeIndex = uniqueIndex(
    coverageTypes,
    (c) => c.id,
    where('coverageTypes'),
    'coverageTypes.id',
  );
  uniqueIndex(coverageTypes, (c) => c.key, where('coverageTypes'), 'coverageTypes.key');
  const chainIndex = uniqueIndex(chains, (c) => c.id, where('chains'), 'chains.id');
  uniqueIndex(chains, (c) => c.key, where('chains'), 'chains.key');
  const stablecoinIndex = uniqueIndex(stablecoins, (s) => s.id, where('stablecoins'), 'stablecoins.id');
  uniqueIndex(stablecoins, (s) => s.key, where('stablecoins'), 'stablecoins.key');

  const restrictions = new Map<number, ReadonlySet<number>>();
  for (const r of compatibility.restrictions) {
    const at = where('compatibility');
    if (!chainIndex.has(r.chainId)) fail(at, 'restrictions.chainId', `unknown chain id ${r.chainId}`);
    if (restrictions.has(r.chainId)) fail(at, 'restrictions.chainId', `chain id ${r.chainId} listed twice`);
    for (const s of r.allowedStablecoinIds) {
      if (!stablecoinIndex.has(s))
        fail(at, 'restrictions.allowedStablecoinIds', `unknown stablecoin id ${s}`);
    }
    restrictions.set(r.chainId, new Set(r.allowedStablecoinIds));
  }

  const timeMultipliers = new Map<number, bigint>();
  for (const t of premium.timeMultipliers) {
    if (timeMultipliers.has(t.durationDays)) {
      fail(where('premiumV2'), 'timeMultipliers.durationDays', `duration ${t.durationDays} listed twice`);
    }
    timeMultipliers.set(t.durationDays, BigInt(t.multiplier));
  }
  const premiumV2: PremiumV2Params = {
    chainMultiplierDenominator: BigInt(premium.chainMultiplierDenominator),
    rateDenominator: BigInt(premium.rateDenominator),
    timeMultiplierDenominator: BigInt(premium.timeMultiplierDenominator),
    defaultTimeMultiplier: BigInt(premium.defaultTimeMultiplier),
    timeMultipliers,
    routerLimits: premium.routerLimits,
  };

  const tranchesAt = where('tranches');
  const curveTypeIndex = uniqueIndex(tranchesFile.curveTypes, (c) => c.code, tranchesAt, 'curveTypes.code');
  const trancheNameIndex = uniqueIndex(tranchesFile.names, (n) => n.id, tranchesAt, 'names.id');
  const trancheIndex = {} as Record<ContractGeneration, ReadonlyMap<number, TrancheParams>>;
  for (const generation of ['v2', 'v3'] as const) {
    const list = tranchesFile[generation];
    const index = uniqueIndex(list, (t) => t.id, tranchesAt, `${generation}.id`);
    for (const t of list) {
      if (!trancheNameIndex.has(t.id))
        fail(tranchesAt, `${generation}.id`, `tranche ${t.id} has no name entry`);
      if (!curveTypeIndex.has(t.curveType))
        fail(tranchesAt, `${generation}.curveType`, `unknown curve ${t.curveType}`);
      if (t.apyMinBps > t.apyMaxBps)
        fail(tranchesAt, `${generation}.apyMinBps`, `tranche ${t.id}: min above max`);
    }
    if (index.size !== trancheNameIndex.size) {
      fail(tranchesAt, generation, `${index.size} tranches but ${trancheNameIndex.size} names`);
    }
    trancheIndex[generation] = index;
  }
  const waterfall = tranchesFile.lossWaterfallOrder;
  if (waterfall.length !== trancheNameIndex.size || new Set(waterfall).size !== waterfall.length) {
    fail(tranchesAt, 'lossWaterfallOrder', 'must list every tranche id exactly once');
  }
  for (const id of waterfall) {
    if (!trancheNameIndex.has(id)) fail(tranchesAt, 'lossWaterfallOrder', `unknown tranche id ${id}`);
  }

  const productsAt = where('v3Products');
  const v3Products: V3Product[] = productsFile.products.map((p) => ({
    ...p,
    assets: p.assets.map((a) => ({ ...a, aprBps: a.aprBps ?? null })),
  }));
  const v3ProductIndex = uniqueIndex(v3Products, (p) => p.productType, productsAt, 'products.productType');
  uniqueIndex(v3Products, (p) => p.key, productsAt, 'products.key');
  const byKind = new Map<string, V3Product>();
  const v3Assets = new Map<number, ReadonlyMap<number, V3Asset>>();
  for (const p of v3Products) {
    for (const kind of [p.subFactoryKind, p.childKind]) {
      if (byKind.has(kind)) fail(productsAt, 'products.childKind', `kind ${kind} mapped twice`);
      byKind.set(kind, p);
    }
    v3Assets.set(
      p.productType,
      uniqueIndex(p.assets, (a) => a.assetId, productsAt, `products[${p.key}].assetId`),
    );
    uniqueIndex(p.assets, (a) => a.key, productsAt, `products[${p.key}].assets.key`);
    if (p.aprBps === null && p.assets.some((a) => a.aprBps === null)) {
      fail(productsAt, `products[${p.key}].aprBps`, 'needs a product APR or one on every asset');
    }
  }

  const thresholds: Thresholds = { ...thresholdsFile };

  return {
    version: manifest.version,
    fileVersions,
    coverageTypes,
    chains,
    stablecoins,
    compatibilityRestrictions: restrictions,
    premiumV2,
    curveTypes: tranchesFile.curveTypes,
    trancheNames: tranchesFile.names,
    tranches: { v2: tranchesFile.v2, v3: tranchesFile.v3 },
    lossWaterfallOrder: waterfall,
    v3Products,
    thresholds,
    index: {
      coverageTypes: coverageTypeIndex,
      chains: chainIndex,
      stablecoins: stablecoinIndex,
      curveTypes: curveTypeIndex,
      trancheNames: trancheNameIndex,
      tranches: trancheIndex,
      v3Products: v3ProductIndex,
      v3ProductsByKind: byKind,
      v3Assets,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Lookups (undefined for ids the data does not know; callers decide what unknown means)

export function coverageTypeById(ref: ReferenceData, id: number): CoverageType | undefined {
  return ref.index.coverageTypes.get(id);
}

export function chainById(ref: ReferenceData, id: number): Chain | undefined {
  return ref.index.chains.get(id);
}

export function stablecoinById(ref: ReferenceData, id: number): Stablecoin | undefined {
  return ref.index.stablecoins.get(id);
}

export function curveTypeByCode(ref: ReferenceData, code: number): CurveType | undefined {
  return ref.index.curveTypes.get(code);
}

export function trancheNameById(ref: ReferenceData, id: number): TrancheName | undefined {
  return ref.index.trancheNames.get(id);
}

export function trancheParamsById(
  ref: ReferenceData,
  generation: ContractGeneration,
  id: number,
): TrancheParams | undefined {
  return ref.index.tranches[generation].get(id);
}

export function v3ProductByType(ref: ReferenceData, productType: number): V3Product | undefined {
  return ref.index.v3Products.get(productType);
}

/** The v3 product a sub-factory or child contract kind (e.g. `stablecoin-child-v3`) serves. */
export function v3ProductByKind(ref: ReferenceData, kind: string): V3Product | undefined {
  return ref.index.v3ProductsByKind.get(kind);
}

export function v3AssetById(ref: ReferenceData, productType: number, assetId: number): V3Asset | undefined {
  return ref.index.v3Assets.get(productType)?.get(assetId);
}

/** APR of a v3 product's asset in bps: the asset's own where set, else the product's. */
export function v3AprBps(ref: ReferenceData, productType: number, assetId: number): number | null {
  const asset = v3AssetById(ref, productType, assetId);
  if (asset === undefined) return null;
  return asset.aprBps ?? v3ProductByType(ref, productType)?.aprBps ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read reference file ${path}: ${(err as Error).message}`, path);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`reference file ${path} is not valid JSON: ${(err as Error).message}`, path);
  }
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  throw new ConfigError(
    `${where}: invalid reference data at ${path || '(root)'}: ${issue?.message ?? 'invalid'}`,
    path,
  );
}

function uniqueIndex<T, K>(
  items: readonly T[],
  keyOf: (item: T) => K,
  where: string,
  field: string,
): Map<K, T> {
  const index = new Map<K, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (index.has(key)) fail(where, field, `duplicate ${String(key)}`);
    index.set(key, item);
  }
  return index;
}

function fail(where: string, field: string, message: string): never {
  throw new ConfigError(`${where}: invalid reference data at ${field}: ${message}`, field);
}
