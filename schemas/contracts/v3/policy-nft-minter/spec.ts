/** policy-nft-minter-v3: `contracts/v3/core/PolicyNFTMinter.fc` (spec §5.7). No out-messages. */
import { configOp, draft, getMethod, op, opMap, pauseOp, unemitted, unpauseOp } from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { burnNft } from './burn-nft.js';
import { mintPolicyNft } from './mint-policy-nft.js';
import { pause } from './pause.js';
import { setMasterFactory } from './set-master-factory.js';
import { transferNft } from './transfer-nft.js';
import { unpause } from './unpause.js';
import { updateMetadata } from './update-metadata.js';

export const policyNftMinterV3: ContractSpec = {
  kind: 'policy-nft-minter-v3',
  generation: 'v3',
  title: 'PolicyNFTMinter v3',
  source: 'contracts/v3/core/PolicyNFTMinter.fc',
  ops: opMap(
    op(mintPolicyNft, (b) => [
      draft('PolicyNftMinted', {
        policyId: b.metadata.policyId,
        productType: b.metadata.productType,
        assetId: b.metadata.assetId,
        owner: b.metadata.owner,
        coverageAmount: b.metadata.coverageAmount,
        expiry: b.metadata.expiry,
      }),
    ]),
    op(transferNft, (b, ctx) => [draft('NftTransferred', { nftId: b.nftId, from: ctx.sender, to: b.to })]),
    op(burnNft, (b) => [draft('NftBurned', { nftId: b.nftId })]),
    op(updateMetadata, (b) => [draft('NftMetadataUpdated', { nftId: b.nftId, metadata: b.metadata })]),
    configOp(setMasterFactory, 'masterFactory', (b) => ({ value: b.masterFactory })),
    pauseOp(pause),
    unpauseOp(unpause),
  ),
  outMessages: [],
  logs: new Map(),
  unemittedLogs: [
    unemitted(
      0x01,
      'NftMinted',
      'nft_id u64, policy_id u64, owner addr, product_type u8, asset_id u16, coverage coins, expiry u32, ts u32',
    ),
    unemitted(0x02, 'NftTransferred', 'nft_id u64, from addr, to addr, ts u32'),
    unemitted(0x03, 'NftBurned', 'nft_id u64'),
    unemitted(0x04, 'MetadataUpdated', '{nft_id u32, ts u32}'),
    unemitted(0x05, 'MasterFactorySet'),
    unemitted(0x06, 'Paused'),
    unemitted(0x07, 'Unpaused'),
  ],
  getMethods: [
    getMethod('get_admin', [], 'slice'),
    getMethod('get_master_factory', [], 'slice'),
    getMethod('get_next_nft_id'),
    getMethod('get_total_nfts_minted'),
    getMethod('get_paused'),
    getMethod('get_nft_metadata', ['nft_id'], '(policy_id, product_type, asset_id, owner, coverage, expiry)'),
    getMethod('get_nft_owner', ['nft_id'], 'slice'),
    getMethod('does_user_own_nft', ['address', 'nft_id']),
    getMethod('get_user_nft_count', ['address']),
    getMethod('get_version'),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'no bounce check: a bounced message is parsed as op 0xFFFFFFFF and throws',
};
