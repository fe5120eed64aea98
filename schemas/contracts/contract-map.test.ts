import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Address } from '@ton/core';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../pipelines/runtime/errors.js';
import { loadContractMap, normalizeAddress, parseContractMap } from './contract-map.js';

const RAW = '0:ec13db32941cc77a6007637a7b50edb0936ee68d380ceaffe7e23d93d99ddcc6';
const address = Address.parseRaw(RAW);

function writeMap(value: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'contract-map-'));
  const path = join(dir, 'map.json');
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('contract map', () => {
  it('normalises raw and every friendly form to raw lowercase', () => {
    const forms = [
      RAW.toUpperCase().replace('0X', '0x'),
      address.toString({ bounceable: true, urlSafe: true }),
      address.toString({ bounceable: false, urlSafe: true }),
      address.toString({ bounceable: true, testOnly: true, urlSafe: true }),
      address.toString({ bounceable: false, testOnly: true, urlSafe: false }),
      address.toString({ bounceable: true, urlSafe: false }),
    ];
    for (const f of forms) expect(normalizeAddress(f), f).toBe(RAW);
    expect(normalizeAddress('EQnope')).toBeNull();
    const map = loadContractMap(
      writeMap({ [forms[1]!]: 'master-factory-v3', ['-1:' + '00'.repeat(32)]: 'vault-v2' }),
    );
    expect([...map]).toEqual([
      [RAW, 'master-factory-v3'],
      ['-1:' + '00'.repeat(32), 'vault-v2'],
    ]);
  });

  it('rejects unknown kinds, naming the address and the allowed kinds', () => {
    const err = (() => {
      try {
        parseContractMap({ [RAW]: 'vault-v9' });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(RAW);
    expect(err.message).toContain('vault-v9');
    expect(err.message).toContain('policy-router-v2');
    expect(err.key).toBe(RAW);
  });

  it('rejects unparsable addresses, conflicting duplicates, non-objects and bad files', () => {
    expect(() => parseContractMap({ 'not-an-address': 'vault-v2' })).toThrow(/not-an-address/);
    expect(() => parseContractMap({ [RAW]: 'vault-v2', [address.toString()]: 'vault-v3' })).toThrow(
      ConfigError,
    );
    expect(parseContractMap({ [RAW]: 'vault-v2', [address.toString()]: 'vault-v2' }).size).toBe(1);
    expect(() => parseContractMap([RAW])).toThrow(ConfigError);
    expect(() => loadContractMap(writeMap('{ nope'))).toThrow(/not valid JSON/);
    expect(() => loadContractMap('/nonexistent/map.json')).toThrow(ConfigError);
  });
});
