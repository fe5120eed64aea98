/** Children v3 (shared by stablecoin/bridge/oracle/protocol) inbound op 0x41: Set the NFT minter (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setPolicyNftMinter = message(0x41, 'set-policy-nft-minter', 'inline', {
  policyNftMinter: address,
});
export type SetPolicyNftMinter = ValueOf<typeof setPolicyNftMinter>;
export const loadSetPolicyNftMinter = setPolicyNftMinter.load;
export const storeSetPolicyNftMinter = setPolicyNftMinter.store;
