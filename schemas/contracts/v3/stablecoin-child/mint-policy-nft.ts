/** stablecoin-child-v3 out-message 0x50: NFT mint request (0.05 TON). */
import { address, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const mintPolicyNft = message(0x50, 'mint-policy-nft', 'ref', {
  policyId: uintBig(64),
  productType: uint(8),
  assetId: uint(16),
  user: address,
  coverageAmount: coins,
  expiry: uint(32),
  triggerPrice: uint(32),
  triggerDuration: uint(32),
});
export type MintPolicyNft = ValueOf<typeof mintPolicyNft>;
export const loadMintPolicyNft = mintPolicyNft.load;
export const storeMintPolicyNft = mintPolicyNft.store;
