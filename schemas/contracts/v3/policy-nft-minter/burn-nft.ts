/** policy-nft-minter-v3 inbound op 0x52: Burn an NFT (admin). */
import { message, uintBig, type ValueOf } from '../../common/codec.js';

export const burnNft = message(0x52, 'burn-nft', 'inline', { nftId: uintBig(64) });
export type BurnNft = ValueOf<typeof burnNft>;
export const loadBurnNft = burnNft.load;
export const storeBurnNft = burnNft.store;
