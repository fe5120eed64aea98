import { readFileSync } from 'node:fs';
import { Address } from '@ton/core';
import { ConfigError } from '../../pipelines/runtime/errors.js';
import { CONTRACT_KINDS, isContractKind, type ContractKind } from './kinds.js';

/** Watched address (raw, lowercase `wc:hex`) → contract kind. */
export type ContractMap = Map<string, ContractKind>;

/** Any standard address form (raw `0:hex`, friendly EQ/UQ/kQ/0Q in base64 or base64url) → raw lowercase form. */
export function normalizeAddress(input: string): string {
  const text = input.trim();
  try {
    const address = Address.isRaw(text) ? Address.parseRaw(text) : Address.parse(text);
    return `${address.workChain}:${address.hash.toString('hex')}`;
  } catch {
    throw new ConfigError(`'${input}' is not a TON address (expected raw wc:hex or a friendly EQ…/UQ… form)`, 'address');
  }
}

/** Parses a contract map object `{ "<address>": "<kind>" }`; errors name the address or kind and list the kinds. */
export function parseContractMap(value: unknown, where = 'contract map'): ContractMap {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${where} must be a JSON object mapping addresses to contract kinds`, 'contracts');
  }
  const map: ContractMap = new Map();
  for (const [address, kind] of Object.entries(value as Record<string, unknown>)) {
    let raw: string;
    try {
      raw = normalizeAddress(address);
    } catch (err) {
      throw new ConfigError(`${where}: ${(err as Error).message}`, address);
    }
    if (!isContractKind(kind)) {
      throw new ConfigError(`${where}: unknown contract kind '${String(kind)}' for ${address}; allowed: ${CONTRACT_KINDS.join(', ')}`, address);
    }
    const previous = map.get(raw);
    if (previous && previous !== kind) throw new ConfigError(`${where}: ${address} is listed twice with kinds ${previous} and ${kind}`, address);
    map.set(raw, kind);
  }
  if (!map.size) throw new ConfigError(`${where} lists no addresses`, 'contracts');
  return map;
}

export function loadContractMap(path: string): ContractMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read contract map ${path}: ${(err as Error).message}`, 'contracts');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`contract map ${path} is not JSON: ${(err as Error).message}`, 'contracts');
  }
  return parseContractMap(json, `contract map ${path}`);
}
