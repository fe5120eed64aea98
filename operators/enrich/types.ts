import type { ContractGeneration } from '../../schemas/reference/index.js';

/** The least an event needs to be enriched; the canonical event type satisfies it. */
export interface EnrichableEvent {
  readonly kind: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** v2 product facts, for events carrying `coverageType`, `chainId` and `stablecoinId` (contract id space). */
export interface V2ProductEnrichment {
  readonly coverageType: number | null;
  readonly coverageTypeName: string | null;
  readonly chainId: number | null;
  readonly chainName: string | null;
  readonly stablecoinId: number | null;
  readonly stablecoinSymbol: string | null;
  /** `depeg:ethereum:usdc`; null when an id is not an integer at all. */
  readonly productKey: string | null;
  /** The contract's u32 product hash; null when an id does not fit a byte. */
  readonly productHash: number | null;
  /** All ids known and the chain supports the stablecoin. */
  readonly valid: boolean;
  readonly baseRateBps: number | null;
  readonly chainRiskMultiplierBps: number | null;
  readonly stablecoinRiskAdjustmentBps: number | null;
  /** floor(base × chain multiplier / 10000) + stablecoin adjustment; null when an id is unknown. */
  readonly adjustedRateBps: number | null;
  /** Premium the v2 formula gives for the event's coverage and duration; null when it cannot be computed. */
  readonly expectedPremium: bigint | null;
  /** premium ≠ expectedPremium; null when either is missing. */
  readonly premiumMismatch: boolean | null;
}

/** v3 product facts, for events carrying `productType` (or `assetId` from a contract kind bound to one product). */
export interface V3ProductEnrichment {
  readonly productType: number | null;
  /** Whether productType came from the event data or was implied by the contract kind (children omit it). */
  readonly productTypeSource: 'data' | 'kind';
  readonly productName: string | null;
  readonly assetId: number | null;
  readonly assetName: string | null;
  /** `v3:depeg:usdt`; null when an id is not an integer at all. */
  readonly productKey: string | null;
  readonly valid: boolean;
  readonly aprBps: number | null;
}

export interface TrancheEnrichment {
  readonly trancheId: number | null;
  /** From the event kind's `-v2`/`-v3` suffix; null for other kinds. */
  readonly generation: ContractGeneration | null;
  readonly key: string | null;
  readonly name: string | null;
  /** Tranche id known and its generation's parameters found. */
  readonly valid: boolean;
  readonly params: {
    readonly apyMinBps: number;
    readonly apyMaxBps: number;
    readonly curveType: number;
    readonly curveName: string | null;
    readonly allocationPercent: number;
    readonly lockPeriodSeconds: number | null;
  } | null;
}

export interface Enrichment {
  /** Version of the reference data used (schemas/reference/manifest.json). */
  readonly referenceVersion: number;
  readonly product: V2ProductEnrichment | null;
  readonly v3Product: V3ProductEnrichment | null;
  readonly tranche: TrancheEnrichment | null;
}

export type Enriched<E extends EnrichableEvent> = E & { readonly enrichment: Enrichment };
