import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../pipelines/runtime/errors.js';
import {
  buildReferenceData,
  chainById,
  coverageTypeById,
  defaultReferenceData,
  loadReferenceData,
  referenceDataDir,
  stablecoinById,
  trancheNameById,
  trancheParamsById,
  v3AprBps,
  v3AssetById,
  v3ProductByKind,
  v3ProductByType,
} from './index.js';
import type { ReferenceDocuments } from './index.js';

const FILES = {
  coverageTypes: 'coverage-types.json',
  chains: 'chains.json',
  stablecoins: 'stablecoins.json',
  compatibility: 'chain-stablecoin-compatibility.json',
  premiumV2: 'premium-v2.json',
  tranches: 'tranches.json',
  v3Products: 'v3-products.json',
  thresholds: 'thresholds.json',
} as const;

function bundledDocuments(): ReferenceDocuments {
  const dir = referenceDataDir();
  const read = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const docs = { manifest: read('manifest.json') } as ReferenceDocuments;
  for (const [name, file] of Object.entries(FILES)) docs[name as keyof typeof FILES] = read(file);
  return docs;
}

describe('reference data loader', () => {
  const tmpDirs: string[] = [];
  afterEach(() => {
    for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('finds and loads the bundled files', () => {
    expect(existsSync(join(referenceDataDir(), 'manifest.json'))).toBe(true);
    const ref = loadReferenceData();
    expect(ref.version).toBe(1);
    expect(ref.coverageTypes).toHaveLength(5);
    expect(ref.chains).toHaveLength(8);
    expect(ref.stablecoins).toHaveLength(14);
    expect(ref.tranches.v2).toHaveLength(6);
    expect(ref.tranches.v3).toHaveLength(6);
    expect(ref.v3Products).toHaveLength(5);
    expect(ref.lossWaterfallOrder).toEqual([6, 5, 4, 3, 2, 1]);
    expect(ref.thresholds.highValuePolicyCoverage).toBe(10_000_000_000n);
    expect(ref.premiumV2.routerLimits.maxCoverage).toBe(1_000_000_000_000n);
  });

  it('uses the contract id space, not the backend SQL ids (spec §8.5)', () => {
    const ref = defaultReferenceData();
    expect(coverageTypeById(ref, 1)?.key).toBe('smart-contract'); // SQL: bridge_exploit
    expect(coverageTypeById(ref, 3)?.key).toBe('bridge'); // SQL: oracle_failure
    expect(chainById(ref, 4)?.name).toBe('Bitcoin'); // SQL: Optimism
    expect(chainById(ref, 6)?.name).toBe('TON'); // SQL: Lightning
    expect(chainById(ref, 8)).toBeUndefined(); // SQL: TON
    expect(stablecoinById(ref, 7)?.symbol).toBe('sUSDe');
  });

  it('exposes tranche names and per-generation parameters', () => {
    const ref = defaultReferenceData();
    expect(trancheNameById(ref, 5)?.name).toBe('SURE-JNR+');
    expect(trancheNameById(ref, 5)?.backendId).toBe('SURE_JNR_PLUS');
    expect(trancheParamsById(ref, 'v2', 1)).toMatchObject({
      allocationPercent: 25,
      lockPeriodSeconds: 7_776_000,
    });
    expect(trancheParamsById(ref, 'v3', 1)).toMatchObject({ allocationPercent: 15, lockPeriodSeconds: null });
    expect(ref.tranches.v2.reduce((s, t) => s + t.allocationPercent, 0)).toBe(100);
    expect(ref.tranches.v3.reduce((s, t) => s + t.allocationPercent, 0)).toBe(100);
    expect(trancheParamsById(ref, 'v2', 0)).toBeUndefined();
  });

  it('exposes v3 products, assets and the kinds bound to them', () => {
    const ref = defaultReferenceData();
    expect(v3ProductByType(ref, 5)?.shardPrefix).toBe(0xf0);
    expect(v3AssetById(ref, 4, 4)?.name).toBe('Evaa');
    expect(v3AssetById(ref, 1, 0)).toBeUndefined();
    expect(v3ProductByKind(ref, 'stablecoin-child-v3')?.productType).toBe(1);
    expect(v3ProductByKind(ref, 'protocol-child-v3')?.key).toBe('contract');
    expect(v3AprBps(ref, 1, 2)).toBe(80);
    expect(v3AprBps(ref, 5, 1)).toBe(300);
    expect(v3AprBps(ref, 5, 2)).toBe(150);
    expect(v3AprBps(ref, 5, 3)).toBeNull();
  });

  it('loads from another directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reference-'));
    tmpDirs.push(dir);
    cpSync(referenceDataDir(), dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    expect(loadReferenceData(dir).version).toBe(1);
  });

  it('rejects a file whose version differs from the manifest', () => {
    const docs = bundledDocuments();
    (docs.chains as { version: number }).version = 2;
    expect(() => buildReferenceData(docs)).toThrow(ConfigError);
    expect(() => buildReferenceData(docs)).toThrow(/chains: version 2 does not match/);
  });

  it('rejects malformed and inconsistent data with a ConfigError naming the field', () => {
    const duplicate = bundledDocuments();
    const chains = (duplicate.chains as { chains: { id: number }[] }).chains;
    chains[1]!.id = 0;
    expect(() => buildReferenceData(duplicate)).toThrow(/chains\.id: duplicate 0/);

    const badType = bundledDocuments();
    (badType.coverageTypes as { coverageTypes: { baseRateBps: unknown }[] }).coverageTypes[0]!.baseRateBps =
      '80';
    expect(() => buildReferenceData(badType)).toThrow(/coverageTypes\.0\.baseRateBps/);

    const unknownChain = bundledDocuments();
    (unknownChain.compatibility as { restrictions: { chainId: number }[] }).restrictions[0]!.chainId = 42;
    expect(() => buildReferenceData(unknownChain)).toThrow(/unknown chain id 42/);

    const badCurve = bundledDocuments();
    (badCurve.tranches as { v3: { curveType: number }[] }).v3[0]!.curveType = 9;
    expect(() => buildReferenceData(badCurve)).toThrow(/unknown curve 9/);
  });

  it('reports unreadable files as ConfigError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reference-'));
    tmpDirs.push(dir);
    cpSync(referenceDataDir(), dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    writeFileSync(join(dir, 'chains.json'), '{ not json');
    expect(() => loadReferenceData(dir)).toThrow(/chains\.json is not valid JSON/);
    rmSync(join(dir, 'chains.json'));
    expect(() => loadReferenceData(dir)).toThrow(/cannot read reference file/);
  });
});
