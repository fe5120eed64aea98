/** tranche-token-v2 inbound op 0x15: Mint LP tokens (vault only). */
import { address, coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const mint = message(0x15, 'mint', 'inline', {
  queryId: uintBig(64),
  to: address,
  amount: coins,
  responseAddress: address,
});
export type Mint = ValueOf<typeof mint>;
export const loadMint = mint.load;
export const storeMint = mint.store;
