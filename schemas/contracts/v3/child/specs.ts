/** bridge-child-v3, oracle-child-v3, protocol-child-v3 (spec §5.5). */
import { createEscrow as oracleCreateEscrow } from '../oracle-child/create-escrow.js';
import { mintPolicyNft as oracleMintPolicyNft } from '../oracle-child/mint-policy-nft.js';
import { policyPremium } from '../protocol-child/policy-premium.js';
import { assetPremium, createEscrow, mintPolicyNft, monitoredChild } from './child-spec.js';

export const bridgeChildV3 = monitoredChild({
  kind: 'bridge-child-v3',
  title: 'BridgeChild v3',
  source: 'contracts/v3/children/BridgeChild.fc',
  monitorGetter: 'get_bridge_monitor',
  thresholdGetter: 'get_offline_threshold',
  nftCodec: mintPolicyNft,
  escrowCodec: createEscrow,
  premiumCodec: assetPremium,
});

export const oracleChildV3 = monitoredChild({
  kind: 'oracle-child-v3',
  title: 'OracleChild v3',
  source: 'contracts/v3/children/OracleChild.fc',
  monitorGetter: 'get_oracle_monitor',
  thresholdGetter: 'get_trigger_params',
  nftCodec: oracleMintPolicyNft,
  escrowCodec: oracleCreateEscrow,
  premiumCodec: assetPremium,
});

export const protocolChildV3 = monitoredChild({
  kind: 'protocol-child-v3',
  title: 'ProtocolChild v3',
  source: 'contracts/v3/children/ProtocolChild.fc',
  monitorGetter: 'get_protocol_monitor',
  thresholdGetter: 'get_pause_threshold',
  nftCodec: mintPolicyNft,
  escrowCodec: createEscrow,
  premiumCodec: policyPremium,
});
