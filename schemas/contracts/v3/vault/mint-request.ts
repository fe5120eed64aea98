/** vault-v3 out-message 0x15: Mint request to the tranche token, op + ref. */
import { address, coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const mintRequest = message(0x15, 'mint-request', 'ref', {
  txId: uintBig(64),
  depositor: address,
  tokens: coins,
});
export type MintRequest = ValueOf<typeof mintRequest>;
export const loadMintRequest = mintRequest.load;
export const storeMintRequest = mintRequest.store;
