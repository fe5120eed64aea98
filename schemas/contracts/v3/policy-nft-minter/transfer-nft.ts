/** policy-nft-minter-v3 inbound op 0x51: Transfer an NFT (current owner). */
import { address, message, uintBig, type ValueOf } from '../../common/codec.js';

export const transferNft = message(0x51, 'transfer-nft', 'inline', { nftId: uintBig(64), to: address });
export type TransferNft = ValueOf<typeof transferNft>;
export const loadTransferNft = transferNft.load;
export const storeTransferNft = transferNft.store;
