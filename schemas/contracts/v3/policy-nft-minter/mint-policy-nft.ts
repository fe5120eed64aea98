/** policy-nft-minter-v3 inbound op 0x50: Mint a policy NFT: ref{policy_id, product_type, asset_id, owner, coverage, expiry, product-specific tail}. */
import {
  address,
  coins,
  message,
  ref,
  rest,
  struct,
  uint,
  uintBig,
  type ValueOf,
} from '../../common/codec.js';

export const mintPolicyNft = message(0x50, 'mint-policy-nft', 'inline', {
  metadata: ref(
    struct({
      policyId: uintBig(64),
      productType: uint(8),
      assetId: uint(16),
      owner: address,
      coverageAmount: coins,
      expiry: uint(32),
      productTail: rest,
    }),
  ),
});
export type MintPolicyNft = ValueOf<typeof mintPolicyNft>;
export const loadMintPolicyNft = mintPolicyNft.load;
export const storeMintPolicyNft = mintPolicyNft.store;
