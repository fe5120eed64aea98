/**
 * Maps rows of the emulator corpus (`../shared/corpus/transactions.jsonl.gz`) to contract kinds by the FunC
 * source their code was compiled from. Sandbox treasury wallets, null addresses, uninitialised accounts and
 * contracts outside the protocol's registry (governance, oracles, floats, proxies, ...) map to nothing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ContractKind } from '../../schemas/contracts/kinds.js';

export const CORPUS_DIR = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
export const CORPUS_TRANSACTIONS = `${CORPUS_DIR}transactions.jsonl.gz`;
export const corpusPresent = (): boolean => existsSync(CORPUS_TRANSACTIONS);

export const KIND_BY_CODE_SOURCE: Readonly<Record<string, ContractKind>> = {
  'core/MultiTrancheVault': 'vault-v2',
  'core/PolicyFactory': 'policy-factory-v2',
  'core/PolicyRouter': 'policy-router-v2',
  'core/PolicyShard': 'policy-shard-v2',
  'core/Treasury': 'treasury-v2',
  'core/ClaimsProcessor': 'claims-processor-v2',
  'tranches/SURE_BTC': 'tranche-token-v2',
  'tranches/SURE_SNR': 'tranche-token-v2',
  'tranches/SURE_MEZZ': 'tranche-token-v2',
  'tranches/SURE_JNR': 'tranche-token-v2',
  'tranches/SURE_JNR_PLUS': 'tranche-token-v2',
  'tranches/SURE_EQT': 'tranche-token-v2',
  'v3/vaults/MultiTrancheVault': 'vault-v3',
  'v3/core/MasterFactory': 'master-factory-v3',
  'v3/factories/DepegSubFactory': 'depeg-subfactory-v3',
  'v3/factories/BridgeSubFactory': 'bridge-subfactory-v3',
  'v3/factories/OracleSubFactory': 'oracle-subfactory-v3',
  'v3/factories/ContractSubFactory': 'contract-subfactory-v3',
  'v3/factories/TradFiNatCatFactory': 'natcat-subfactory-v3',
  'v3/children/StablecoinChild': 'stablecoin-child-v3',
  'v3/children/BridgeChild': 'bridge-child-v3',
  'v3/children/OracleChild': 'oracle-child-v3',
  'v3/children/ProtocolChild': 'protocol-child-v3',
  'v3/children/NatCatChild': 'natcat-child-v3',
  'v3/core/PolicyNFTMinter': 'policy-nft-minter-v3',
  'v3/escrow/ParametricEscrow': 'parametric-escrow-v3',
  'v3/float/FloatMaster': 'float-master-v3',
};

export interface CorpusRow {
  tx_uid: string;
  account: string;
  contract: string;
  code_source: string | null;
  lt: string;
  hash: string;
  now: number;
  boc: string;
  compute_success: boolean | null;
  exit_code: number | null;
  aborted: boolean;
  action_success: boolean | null;
  action_result_code: number | null;
  in_msg: {
    type: string;
    bounced: boolean | null;
    op: string | null;
    src: string | null;
    value: string | null;
  } | null;
  in_msg_op: string | null;
  in_msg_op_name: string | null;
  out_msgs_count: number;
  out_ext_count: number;
  out_msgs: {
    type: string;
    op: string | null;
    dest: string | null;
    value: string | null;
    dest_ext_value_hex?: string | null;
  }[];
  events: {
    out_index: number;
    kind: string;
    event_id: string;
    event_name: string | null;
    emitted_as_message?: boolean;
  }[];
}

/** The kind of a corpus row, or undefined when the account is not a protocol contract of the registry. */
export function corpusKind(row: Pick<CorpusRow, 'code_source' | 'contract'>): ContractKind | undefined {
  if (!row.code_source) return undefined;
  return KIND_BY_CODE_SOURCE[row.code_source];
}
