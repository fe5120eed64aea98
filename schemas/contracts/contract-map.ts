/**
 * Contract map: which address runs which contract kind. The JSON file is an object `{ "<address>": "<kind>" }`
 * where addresses may be raw (`0:hex`, any case) or user-friendly (EQ/UQ/kQ/0Q, base64 or base64url); keys
 * are normalised to raw lowercase `wc:hex`.
 */
import { readFileSync } from 'node:fs';
import { Address } from '@ton/core';
import { ConfigError } from '../../pipelines/runtime/errors.js';
import { CONTRACT_KINDS, isContractKind, type ContractKind } from './kinds.js';

export type ContractMap = ReadonlyMap<string, ContractKind>;

/** Raw lowercase `wc:hex` of any standard address form, or null if it is not an address. */
export function normalizeAddress(text: string): string | null {
  try {
    return Address.parse(text.trim()).toRawString();
  } catch {
    return null;
  }
}

export function parseContractMap(value: unknown, source = 'contract map'): ContractMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${source}: expected a JSON object mapping addresses to contract kinds`, source);
  }
  const map = new Map<string, ContractKind>();
  for (const [address, kind] of Object.entries(value as Record<string, unknown>)) {
    const raw = normalizeAddress(address);
    if (raw === null)
      throw new ConfigError(
        `${source}: "${address}" is not a TON address (raw wc:hex or friendly EQ/UQ/kQ/0Q)`,
        address,
      );
    if (!isContractKind(kind)) {
      throw new ConfigError(
        `${source}: address ${address} has unknown contract kind ${JSON.stringify(kind)}; allowed kinds: ${CONTRACT_KINDS.join(', ')}`,
        address,
      );
    }
    const previous = map.get(raw);
    if (previous !== undefined && previous !== kind) {
      throw new ConfigError(`${source}: address ${raw} is mapped to both ${previous} and ${kind}`, address);
    }
    map.set(raw, kind);
  }
  return map;
}

export function loadContractMap(path: string): ContractMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `contract map ${path} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
      path,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `contract map ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      path,
    );
  }
  return parseContractMap(json, `contract map ${path}`);
}
