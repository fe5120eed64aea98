import fc from 'fast-check';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { defaultReferenceData } from '../../schemas/reference/index.js';
import { enrichEvent, enrichEvents } from './enrich-events.js';
import type { EnrichableEvent } from './enrich-events.js';

const ref = defaultReferenceData();
const TON = 1_000_000_000n;

const routed: EnrichableEvent = {
  kind: 'policy-router-v2',
  type: 'PolicyCreated',
  data: {
    coverageType: 0,
    chainId: 0,
    stablecoinId: 0,
    coverageAmount: 100n * TON,
    durationDays: 90,
    premium: 197_260_273n,
    productType: null,
    assetId: null,
  },
};
const deposit: EnrichableEvent = {
  kind: 'vault-v3',
  type: 'DepositMade',
  data: { trancheId: 2, amount: TON },
};
const child: EnrichableEvent = {
  kind: 'stablecoin-child-v3',
  type: 'PolicyCreated',
  data: {
    coverageType: null,
    chainId: null,
    stablecoinId: null,
    productType: null,
    assetId: 2,
    coverageAmount: TON,
  },
};
const paused: EnrichableEvent = { kind: 'vault-v2', type: 'ContractPaused', data: {} };

describe('enrichEvents operator', () => {
  it('enriches every event in order, one out per one in (marble)', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const input = cold('a-b-c--d|', { a: routed, b: deposit, c: child, d: paused });
      const expected = '   a-b-c--d|';
      expectObservable(input.pipe(enrichEvents(ref))).toBe(expected, {
        a: enrichEvent(ref, routed),
        b: enrichEvent(ref, deposit),
        c: enrichEvent(ref, child),
        d: enrichEvent(ref, paused),
      });
    });
  });

  it('passes errors and completion through untouched', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const input = cold<EnrichableEvent>('a-#', { a: paused }, new Error('upstream'));
      expectObservable(input.pipe(enrichEvents(ref))).toBe(
        'a-#',
        { a: enrichEvent(ref, paused) },
        new Error('upstream'),
      );
    });
  });
});

describe('enrichEvent', () => {
  it('adds v2 product names, key, validity, risk figures and the expected premium', () => {
    const out = enrichEvent(ref, routed);
    expect(out.type).toBe('PolicyCreated');
    expect(out.data).toBe(routed.data);
    expect(out.enrichment.referenceVersion).toBe(1);
    expect(out.enrichment.product).toEqual({
      coverageType: 0,
      coverageTypeName: 'Depeg',
      chainId: 0,
      chainName: 'Ethereum',
      stablecoinId: 0,
      stablecoinSymbol: 'USDC',
      productKey: 'depeg:ethereum:usdc',
      productHash: 0,
      valid: true,
      baseRateBps: 80,
      chainRiskMultiplierBps: 10000,
      stablecoinRiskAdjustmentBps: 0,
      adjustedRateBps: 80,
      expectedPremium: 197_260_273n,
      premiumMismatch: false,
    });
    expect(out.enrichment.v3Product).toBeNull();
    expect(out.enrichment.tranche).toBeNull();
    expect('enrichment' in routed).toBe(false);
  });

  it('flags a premium that differs from the formula', () => {
    const out = enrichEvent(ref, { ...routed, data: { ...routed.data, premium: 197_260_274n } });
    expect(out.enrichment.product?.premiumMismatch).toBe(true);
  });

  it('reads the JSON form of an event (amounts as strings) the same way', () => {
    const json = {
      ...routed,
      data: { ...routed.data, coverageAmount: '100000000000', premium: '197260273' },
    };
    expect(enrichEvent(ref, json).enrichment).toEqual(enrichEvent(ref, routed).enrichment);
  });

  it('marks an incompatible chain/stablecoin pair invalid but still prices it', () => {
    const out = enrichEvent(ref, { ...routed, data: { ...routed.data, chainId: 4 } }); // Bitcoin + USDC
    expect(out.enrichment.product).toMatchObject({
      valid: false,
      chainName: 'Bitcoin',
      productKey: 'depeg:bitcoin:usdc',
    });
    expect(out.enrichment.product?.expectedPremium).not.toBeNull();
  });

  it('marks unknown ids instead of throwing', () => {
    const out = enrichEvent(ref, {
      kind: 'policy-shard-v2',
      type: 'PolicyCreated',
      data: {
        coverageType: 9,
        chainId: 0,
        stablecoinId: 99,
        coverageAmount: TON,
        durationDays: 30,
        premium: 1n,
      },
    });
    expect(out.enrichment.product).toMatchObject({
      coverageType: 9,
      coverageTypeName: null,
      chainName: 'Ethereum',
      stablecoinSymbol: null,
      productKey: '#9:ethereum:#99',
      valid: false,
      adjustedRateBps: null,
      expectedPremium: null,
      premiumMismatch: null,
    });

    const tranche = enrichEvent(ref, { kind: 'vault-v2', type: 'DepositMade', data: { trancheId: 7 } });
    expect(tranche.enrichment.tranche).toEqual({
      trancheId: 7,
      generation: 'v2',
      key: null,
      name: null,
      valid: false,
      params: null,
    });

    const v3 = enrichEvent(ref, {
      kind: 'master-factory-v3',
      type: 'PolicyCreated',
      data: { productType: 8, assetId: 1 },
    });
    expect(v3.enrichment.v3Product).toMatchObject({
      productType: 8,
      productName: null,
      assetName: null,
      valid: false,
    });

    const garbage = enrichEvent(ref, {
      kind: 'policy-router-v2',
      type: 'PolicyCreated',
      data: {
        coverageType: 'x',
        chainId: 1.5,
        stablecoinId: {},
        trancheId: -1,
        productType: [],
        assetId: 'y',
      },
    });
    expect(garbage.enrichment.product).toMatchObject({ coverageType: null, productKey: null, valid: false });
    expect(garbage.enrichment.tranche).toMatchObject({ trancheId: -1, valid: false });
    expect(garbage.enrichment.v3Product).toMatchObject({ productType: null, assetId: null, valid: false });
  });

  it('adds tranche name and the parameters of the event generation', () => {
    expect(enrichEvent(ref, deposit).enrichment.tranche).toEqual({
      trancheId: 2,
      generation: 'v3',
      key: 'snr',
      name: 'SURE-SNR',
      valid: true,
      params: {
        apyMinBps: 400,
        apyMaxBps: 800,
        curveType: 2,
        curveName: 'log',
        allocationPercent: 20,
        lockPeriodSeconds: null,
      },
    });
    const v2 = enrichEvent(ref, { ...deposit, kind: 'vault-v2' }).enrichment.tranche;
    expect(v2?.params).toMatchObject({
      apyMinBps: 650,
      apyMaxBps: 1000,
      allocationPercent: 20,
      lockPeriodSeconds: 5_184_000,
    });
    const other = enrichEvent(ref, { ...deposit, kind: 'somewhere-else' }).enrichment.tranche;
    expect(other).toMatchObject({ name: 'SURE-SNR', generation: null, valid: false, params: null });
  });

  it('adds v3 product and asset names, taking the product from a child kind when the data omits it', () => {
    expect(enrichEvent(ref, child).enrichment.v3Product).toEqual({
      productType: 1,
      productTypeSource: 'kind',
      productName: 'DEPEG',
      assetId: 2,
      assetName: 'USDC',
      productKey: 'v3:depeg:usdc',
      valid: true,
      aprBps: 80,
    });
    expect(enrichEvent(ref, child).enrichment.product).toBeNull();
    const claim = enrichEvent(ref, {
      kind: 'vault-v3',
      type: 'PolicyClaimed',
      data: { productType: 5, assetId: 2 },
    });
    expect(claim.enrichment.v3Product).toMatchObject({
      productTypeSource: 'data',
      productName: 'TRADFI_NATCAT',
      assetName: 'Earthquake',
      aprBps: 150,
    });
  });

  it('leaves events without product or tranche fields with empty sections', () => {
    expect(enrichEvent(ref, paused).enrichment).toEqual({
      referenceVersion: 1,
      product: null,
      v3Product: null,
      tranche: null,
    });
    // A lone chainId (oracle adapter setting) is not a product.
    expect(
      enrichEvent(ref, { kind: 'claims-processor-v2', type: 'ConfigChanged', data: { chainId: 3 } })
        .enrichment.product,
    ).toBeNull();
  });

  it('never throws, whatever the data holds', () => {
    const value = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.bigInt(),
      fc.string(),
      fc.constant(null),
      fc.constant(undefined),
      fc.boolean(),
      fc.object(),
    );
    const keys = [
      'coverageType',
      'chainId',
      'stablecoinId',
      'coverage',
      'coverageAmount',
      'durationDays',
      'premium',
      'productType',
      'assetId',
      'trancheId',
    ];
    fc.assert(
      fc.property(
        fc.string(),
        fc.dictionary(fc.constantFrom(...keys), value),
        fc.constantFrom('vault-v2', 'vault-v3', 'stablecoin-child-v3', 'natcat-child-v3', 'x'),
        (type, data, kind) => {
          const out = enrichEvent(ref, { kind, type, data });
          expect(out.enrichment.referenceVersion).toBe(1);
        },
      ),
    );
  });
});
