import { Address } from '@ton/core';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../pipelines/runtime/errors.js';
import { normalizeAddress, parseContractMap } from './contract-map.js';

const raw = `0:${'4f'.repeat(32)}`;
const friendly = Address.parseRaw(raw).toString({ bounceable: true });
const friendlyUrlUnsafe = Address.parseRaw(raw).toString({ urlSafe: false, bounceable: false, testOnly: true });

describe('contract map', () => {
  it('normalises every standard address form to raw lowercase', () => {
    expect(normalizeAddress(friendly)).toBe(raw);
    expect(normalizeAddress(friendlyUrlUnsafe)).toBe(raw);
    expect(normalizeAddress(raw.toUpperCase().replace('0X', '0x'))).toBe(raw);
    expect(normalizeAddress(`-1:${'00'.repeat(32)}`)).toBe(`-1:${'00'.repeat(32)}`);
  });

  it('maps addresses to kinds', () => {
    const map = parseContractMap({ [friendly]: 'vault-v2', [`0:${'11'.repeat(32)}`]: 'policy-router-v2' });
    expect(map.get(raw)).toBe('vault-v2');
    expect(map.size).toBe(2);
  });

  it('names a bad address, a bad kind and lists the allowed kinds', () => {
    expect(() => parseContractMap({ 'EQnope': 'vault-v2' })).toThrow(/'EQnope' is not a TON address/);
    expect(() => parseContractMap({ [raw]: 'vault-v9' })).toThrow(/unknown contract kind 'vault-v9' for .*allowed: vault-v2, policy-factory-v2/);
    expect(() => parseContractMap({ [raw]: 'vault-v2', [friendly]: 'vault-v3' })).toThrow(/listed twice/);
    expect(() => parseContractMap([])).toThrow(ConfigError);
  });
});
