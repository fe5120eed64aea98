/** policy-nft-minter-v3 inbound op 0x53: Replace NFT metadata (admin). */
import { cellRef, message, uintBig, type ValueOf } from '../../common/codec.js';

export const updateMetadata = message(0x53, 'update-metadata', 'inline', {
  nftId: uintBig(64),
  metadata: cellRef,
});
export type UpdateMetadata = ValueOf<typeof updateMetadata>;
export const loadUpdateMetadata = updateMetadata.load;
export const storeUpdateMetadata = updateMetadata.store;
