/** vault-v2 out-message 0x15: Mint request to the tranche token (0.1 TON). No response_address, so the v2 token underflows and bounces. */
import { address, coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const mintRequest = message(0x15, 'mint-request', 'inline', {
  txId: uintBig(64),
  depositor: address,
  tokens: coins,
});
export type MintRequest = ValueOf<typeof mintRequest>;
export const loadMintRequest = mintRequest.load;
export const storeMintRequest = mintRequest.store;
