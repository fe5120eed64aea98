/**
 * The contract-kind registry: kind → spec (ops, out-messages, logs, get-methods). Plain data assembled from
 * explicit imports; nothing registers itself as an import side effect.
 */
import type { ContractKind } from './kinds.js';
import type { ContractSpec, GetMethodSpec, InboundOpSpec, LogSpec, OutMessageSpec } from './spec.js';
import { claimsProcessorV2 } from './v2/claims-processor/spec.js';
import { policyFactoryV2 } from './v2/policy-factory/spec.js';
import { policyRouterV2 } from './v2/policy-router/spec.js';
import { policyShardV2 } from './v2/policy-shard/spec.js';
import { trancheTokenV2 } from './v2/tranche-token/spec.js';
import { treasuryV2 } from './v2/treasury/spec.js';
import { vaultV2 } from './v2/vault/spec.js';
import { bridgeChildV3, oracleChildV3, protocolChildV3 } from './v3/child/specs.js';
import { floatMasterV3 } from './v3/float-master/spec.js';
import { masterFactoryV3 } from './v3/master-factory/spec.js';
import { natcatChildV3 } from './v3/natcat-child/spec.js';
import { parametricEscrowV3 } from './v3/parametric-escrow/spec.js';
import { policyNftMinterV3 } from './v3/policy-nft-minter/spec.js';
import { stablecoinChildV3 } from './v3/stablecoin-child/spec.js';
import {
  bridgeSubFactoryV3,
  contractSubFactoryV3,
  depegSubFactoryV3,
  natcatSubFactoryV3,
  oracleSubFactoryV3,
} from './v3/subfactory/spec.js';
import { vaultV3 } from './v3/vault/spec.js';

export const CONTRACT_REGISTRY: Readonly<Record<ContractKind, ContractSpec>> = {
  'vault-v2': vaultV2,
  'policy-factory-v2': policyFactoryV2,
  'policy-router-v2': policyRouterV2,
  'policy-shard-v2': policyShardV2,
  'treasury-v2': treasuryV2,
  'claims-processor-v2': claimsProcessorV2,
  'tranche-token-v2': trancheTokenV2,
  'vault-v3': vaultV3,
  'master-factory-v3': masterFactoryV3,
  'depeg-subfactory-v3': depegSubFactoryV3,
  'bridge-subfactory-v3': bridgeSubFactoryV3,
  'oracle-subfactory-v3': oracleSubFactoryV3,
  'contract-subfactory-v3': contractSubFactoryV3,
  'natcat-subfactory-v3': natcatSubFactoryV3,
  'stablecoin-child-v3': stablecoinChildV3,
  'bridge-child-v3': bridgeChildV3,
  'oracle-child-v3': oracleChildV3,
  'protocol-child-v3': protocolChildV3,
  'natcat-child-v3': natcatChildV3,
  'policy-nft-minter-v3': policyNftMinterV3,
  'parametric-escrow-v3': parametricEscrowV3,
  'float-master-v3': floatMasterV3,
};

export function contractSpec(kind: ContractKind): ContractSpec {
  return CONTRACT_REGISTRY[kind];
}

export function inboundOp(kind: ContractKind, op: number): InboundOpSpec | undefined {
  return CONTRACT_REGISTRY[kind].ops.get(op);
}

export function outMessageSpec(kind: ContractKind, op: number | null): OutMessageSpec | undefined {
  return CONTRACT_REGISTRY[kind].outMessages.find((m) => m.op === op);
}

export function logSpecOf(kind: ContractKind, id: number): LogSpec | undefined {
  return CONTRACT_REGISTRY[kind].logs.get(id);
}

export function getMethods(kind: ContractKind): readonly GetMethodSpec[] {
  return CONTRACT_REGISTRY[kind].getMethods;
}

export function getMethodSpec(kind: ContractKind, name: string): GetMethodSpec | undefined {
  return CONTRACT_REGISTRY[kind].getMethods.find((g) => g.name === name);
}
