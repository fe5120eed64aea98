/** The fixed contract kind names used by configs, contract maps, events and the registry. */
export const CONTRACT_KINDS = [
  'vault-v2',
  'policy-factory-v2',
  'policy-router-v2',
  'policy-shard-v2',
  'treasury-v2',
  'claims-processor-v2',
  'tranche-token-v2',
  'vault-v3',
  'master-factory-v3',
  'depeg-subfactory-v3',
  'bridge-subfactory-v3',
  'oracle-subfactory-v3',
  'contract-subfactory-v3',
  'natcat-subfactory-v3',
  'stablecoin-child-v3',
  'bridge-child-v3',
  'oracle-child-v3',
  'protocol-child-v3',
  'natcat-child-v3',
  'policy-nft-minter-v3',
  'parametric-escrow-v3',
  'float-master-v3',
] as const;

export type ContractKind = (typeof CONTRACT_KINDS)[number];

const KIND_SET: ReadonlySet<string> = new Set(CONTRACT_KINDS);

export function isContractKind(value: unknown): value is ContractKind {
  return typeof value === 'string' && KIND_SET.has(value);
}

export type Generation = 'v2' | 'v3';

export function generationOf(kind: ContractKind): Generation {
  return kind.endsWith('-v2') ? 'v2' : 'v3';
}
