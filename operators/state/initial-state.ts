/**
 * Initial states: the deploy defaults of each contract kind (spec §3, §5, §7.2), optionally overridden by
 * configuration. A contract the pipeline meets mid-life is bootstrapped from get-methods instead (getter-view.ts).
 */
import { generationOf, type ContractKind } from '../../schemas/contracts/kinds.js';
import {
  defaultReferenceData,
  trancheParamsById,
  type ReferenceData,
} from '../../schemas/reference/index.js';
import type { ContractState, StateFamily, TrancheState } from '../../schemas/state/contract-state.js';
import { TRANCHE_IDS } from '../../schemas/state/contract-state.js';

/** Which state model a kind uses. */
export function familyOf(kind: ContractKind): StateFamily {
  switch (kind) {
    case 'vault-v2':
    case 'vault-v3':
      return 'vault';
    case 'policy-factory-v2':
    case 'policy-router-v2':
    case 'policy-shard-v2':
    case 'master-factory-v3':
    case 'depeg-subfactory-v3':
    case 'bridge-subfactory-v3':
    case 'oracle-subfactory-v3':
    case 'contract-subfactory-v3':
    case 'natcat-subfactory-v3':
    case 'stablecoin-child-v3':
    case 'bridge-child-v3':
    case 'oracle-child-v3':
    case 'protocol-child-v3':
    case 'natcat-child-v3':
      return 'policy-book';
    case 'treasury-v2':
      return 'treasury';
    case 'float-master-v3':
      return 'float-master';
    case 'policy-nft-minter-v3':
      return 'nft-minter';
    case 'tranche-token-v2':
      return 'tranche-token';
    default:
      return 'generic';
  }
}

/** Deploy-time values a configuration may set (the contracts take them from their init data). */
export interface DeployConfig {
  /** Vaults: test_mode flag of the deploy. */
  testMode?: boolean;
  /** Vaults: tranche parameters; default = the generation's deploy parameters (reference data). */
  tranches?: readonly Pick<
    TrancheState,
    'id' | 'apyMinBps' | 'apyMaxBps' | 'curveType' | 'allocationPercent'
  >[];
  /** Policy books: first policy id (v3 children and the v2 factory/router start at 1 in the repo's deploys). */
  nextPolicyId?: bigint;
  /** NFT minter: first NFT id. */
  nextNftId?: bigint;
  /** Treasury: reserve credited by the deploy message. */
  reserve?: bigint;
  config?: Record<string, string | null>;
  reference?: ReferenceData;
}

function base(kind: ContractKind, address: string, cfg: DeployConfig) {
  return {
    kind,
    address,
    position: { lastLt: null, lastIndex: -1, lastUtime: 0, eventsApplied: 0 },
    origin: { source: 'deploy-defaults' as const, atLt: null },
    paused: false,
    config: { ...(cfg.config ?? {}) },
  };
}

/** The state of a freshly deployed contract of `kind` at `address`. */
export function deployDefaults(kind: ContractKind, address: string, cfg: DeployConfig = {}): ContractState {
  const generation = generationOf(kind);
  switch (familyOf(kind)) {
    case 'vault': {
      const ref = cfg.reference ?? defaultReferenceData();
      const tranches: TrancheState[] = TRANCHE_IDS.map((id) => {
        const given = cfg.tranches?.find((t) => t.id === id);
        const params = given ?? trancheParamsById(ref, generation, id);
        return {
          id,
          capital: 0n,
          apyMinBps: params?.apyMinBps ?? 0,
          apyMaxBps: params?.apyMaxBps ?? 0,
          curveType: params?.curveType ?? 0,
          allocationPercent: params?.allocationPercent ?? 0,
          accumulatedYield: 0n,
          tokenAddress: null,
          totalTokens: 0n,
          firstDepositTime: null,
        };
      });
      return {
        ...base(kind, address, cfg),
        family: 'vault',
        generation,
        totalCapital: 0n,
        totalCoverageSold: 0n,
        accumulatedPremiums: 0n,
        accumulatedLosses: 0n,
        protocolEarnedCapital: 0n,
        tranches,
        testMode: cfg.testMode ?? false,
        seqNo: 0,
        circuitBreakerWindowStart: 0,
        circuitBreakerLosses: 0n,
        depositorBalances: {},
        pendingTxs: {},
      };
    }
    case 'policy-book':
      return {
        ...base(kind, address, cfg),
        family: 'policy-book',
        generation,
        nextPolicyId:
          cfg.nextPolicyId ??
          (kind === 'policy-shard-v2' || kind.endsWith('subfactory-v3') || kind === 'master-factory-v3'
            ? 0n
            : 1n),
        totalPolicies: 0n,
        totalCoverage: 0n,
        policies: {},
        claimsProcessed: 0n,
        totalChildren: 0,
        shards: {},
      };
    case 'treasury':
      return {
        ...base(kind, address, cfg),
        family: 'treasury',
        totalPremiums: 0n,
        totalPayouts: 0n,
        reserve: cfg.reserve ?? 0n,
        trancheYields: TRANCHE_IDS.map(() => 0n),
      };
    case 'float-master':
      return {
        ...base(kind, address, cfg),
        family: 'float-master',
        totalPremiums: 0n,
        totalActiveCoverage: 0n,
        activeCoverageCapital: 0n,
        expiredCoverageCapital: 0n,
        allocations: { rwa: 0n, btc: 0n, defi: 0n, hedge: 0n },
        maturities: {},
      };
    case 'nft-minter':
      return {
        ...base(kind, address, cfg),
        family: 'nft-minter',
        nextNftId: cfg.nextNftId ?? 1n,
        totalMinted: 0n,
        owners: {},
      };
    case 'tranche-token':
      return { ...base(kind, address, cfg), family: 'tranche-token', totalSupply: 0n };
    case 'generic':
      return { ...base(kind, address, cfg), family: 'generic', status: null, counters: {} };
  }
}
