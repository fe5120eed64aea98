/**
 * Active coverage per product and in total (DESIGN §4), from canonical events including the timer's
 * `PolicyExpired`. Only primary PolicyCreated events open cover (the book that holds the policy); a claim,
 * deactivation or expiry closes it. Each change emits an observation for the product it touched with its closing
 * level, the generation's total, and what the event moved — the input of the exposure windows and of the tranche
 * metrics (allocated coverage). Products: v2 `coverage:chain:stablecoin` keys, v3 `v3:product:asset` keys.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { generationOf, type ContractKind, type Generation } from '../../schemas/contracts/kinds.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { defaultReferenceData, v3ProductByKind, type ReferenceData } from '../../schemas/reference/index.js';
import { productKey, v3ProductKey } from '../../schemas/reference/product-key.js';
import { policyKey } from './policy-expiry.js';

export interface ProductDimensions {
  productKey: string;
  generation: Generation;
  coverageType: number | null;
  chainId: number | null;
  stablecoinId: number | null;
  productType: number | null;
  assetId: number | null;
}

export interface ExposureObservation extends ProductDimensions {
  utime: number;
  lt: string;
  activeCoverage: bigint;
  activePolicies: number;
  /** Active coverage of the whole generation after this event. */
  totalActiveCoverage: bigint;
  newCoverage: bigint;
  newPolicies: number;
  premiums: bigint;
  payouts: bigint;
  claims: number;
  expiredPolicies: number;
}

interface OpenPolicy {
  product: ProductDimensions;
  policyId: bigint;
  coverage: bigint;
}

export interface ActiveCoverageOptions {
  reference?: ReferenceData;
}

/** Product of a policy event: v2 ids, or v3 product/asset (children imply the product by their kind). */
export function productOf(
  kind: ContractKind,
  d: {
    coverageType: number | null;
    chainId: number | null;
    stablecoinId: number | null;
    productType: number | null;
    assetId: number | null;
  },
  ref: ReferenceData,
  enrichedKey?: string | null,
): ProductDimensions {
  const generation = generationOf(kind);
  if (generation === 'v2') {
    const key =
      enrichedKey ??
      (d.coverageType !== null && d.chainId !== null && d.stablecoinId !== null
        ? productKey(d.coverageType, d.chainId, d.stablecoinId, ref)
        : 'v2:unknown');
    return {
      productKey: key,
      generation,
      coverageType: d.coverageType,
      chainId: d.chainId,
      stablecoinId: d.stablecoinId,
      productType: null,
      assetId: null,
    };
  }
  const productType = d.productType ?? v3ProductByKind(ref, kind)?.productType ?? null;
  const key =
    enrichedKey ??
    (productType !== null && d.assetId !== null
      ? v3ProductKey(productType, d.assetId, ref)
      : `v3:${productType ?? '#?'}:unknown`);
  return {
    productKey: key,
    generation,
    coverageType: null,
    chainId: null,
    stablecoinId: null,
    productType,
    assetId: d.assetId,
  };
}

function enrichedProductKey(event: CanonicalEvent): string | null {
  const enrichment = (
    event as {
      enrichment?: {
        product?: { productKey?: string | null } | null;
        v3Product?: { productKey?: string | null } | null;
      };
    }
  ).enrichment;
  return enrichment?.product?.productKey ?? enrichment?.v3Product?.productKey ?? null;
}

export function activeCoverage(
  options: ActiveCoverageOptions = {},
): OperatorFunction<CanonicalEvent, ExposureObservation> {
  const ref = options.reference ?? defaultReferenceData();
  return (source) =>
    new Observable<ExposureObservation>((subscriber) => {
      const open = new Map<string, OpenPolicy>();
      // Open policy keys by policy id, in opening order: payouts name the policy by id only.
      const openById = new Map<bigint, Set<string>>();
      const byProduct = new Map<string, { coverage: bigint; policies: number }>();
      const totals: Record<Generation, bigint> = { v2: 0n, v3: 0n };
      const nextIds = new Map<string, bigint>();

      const emit = (
        event: CanonicalEvent,
        product: ProductDimensions,
        moved: Partial<ExposureObservation>,
      ): void => {
        const level = byProduct.get(product.productKey) ?? { coverage: 0n, policies: 0 };
        subscriber.next({
          ...product,
          utime: event.utime,
          lt: event.lt,
          activeCoverage: level.coverage,
          activePolicies: level.policies,
          totalActiveCoverage: totals[product.generation],
          newCoverage: 0n,
          newPolicies: 0,
          premiums: 0n,
          payouts: 0n,
          claims: 0,
          expiredPolicies: 0,
          ...moved,
        });
      };
      const close = (event: CanonicalEvent, key: string, moved: Partial<ExposureObservation>): void => {
        const policy = open.get(key);
        if (!policy) return;
        open.delete(key);
        const sameId = openById.get(policy.policyId)!;
        sameId.delete(key);
        if (sameId.size === 0) openById.delete(policy.policyId);
        const level = byProduct.get(policy.product.productKey)!;
        level.coverage -= policy.coverage;
        level.policies -= 1;
        totals[policy.product.generation] -= policy.coverage;
        emit(event, policy.product, moved);
      };

      const sub = source.subscribe({
        next: (event) => {
          switch (event.type) {
            case 'PolicyCreated': {
              if (!event.data.primary) return;
              const book = event.stateOwner;
              const id = event.data.policyId ?? nextIds.get(book) ?? 1n;
              nextIds.set(book, id + 1n);
              const product = productOf(event.kind, event.data, ref, enrichedProductKey(event));
              const key = policyKey(book, id);
              if (open.has(key)) return;
              open.set(key, { product, policyId: id, coverage: event.data.coverageAmount });
              const sameId = openById.get(id);
              if (sameId) sameId.add(key);
              else openById.set(id, new Set([key]));
              const level = byProduct.get(product.productKey) ?? { coverage: 0n, policies: 0 };
              level.coverage += event.data.coverageAmount;
              level.policies += 1;
              byProduct.set(product.productKey, level);
              totals[product.generation] += event.data.coverageAmount;
              emit(event, product, {
                newCoverage: event.data.coverageAmount,
                newPolicies: 1,
                premiums: event.data.premium ?? 0n,
              });
              return;
            }
            case 'PolicyClaimed':
              if (event.data.policyId !== null)
                close(event, policyKey(event.stateOwner, event.data.policyId), { claims: 1 });
              return;
            case 'PolicyDeactivated':
              close(event, policyKey(event.stateOwner, event.data.policyId), {});
              return;
            case 'PolicyExpired':
              close(event, policyKey(event.stateOwner, event.data.policyId), { expiredPolicies: 1 });
              return;
            case 'PayoutExecuted':
            case 'LossAbsorbed': {
              const policyId = event.data.policyId;
              if (policyId === null) return;
              const amount = event.data.amount;
              // Payouts reference the policy by id only; attribute to the first open policy with that id.
              const first = openById.get(policyId)?.values().next().value;
              const policy = first === undefined ? undefined : open.get(first);
              if (policy && event.type === 'PayoutExecuted') emit(event, policy.product, { payouts: amount });
              return;
            }
            default:
              return;
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => sub.unsubscribe();
    });
}
