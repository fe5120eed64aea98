/** master-factory-v3 inbound op 0x25: Set the policy NFT minter (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setPolicyNftMinter = message(0x25, 'set-policy-nft-minter', 'inline', {
  policyNftMinter: address,
});
export type SetPolicyNftMinter = ValueOf<typeof setPolicyNftMinter>;
export const loadSetPolicyNftMinter = setPolicyNftMinter.load;
export const storeSetPolicyNftMinter = setPolicyNftMinter.store;
