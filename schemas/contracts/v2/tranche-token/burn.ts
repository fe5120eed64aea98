/** tranche-token-v2 inbound op 0x595f07bc: Burn LP tokens (vault only; BTC/SNR/MEZZ also require the lock to have passed). */
import { address, coins, message, uintBig, type ValueOf } from '../../common/codec.js';

export const burn = message(0x595f07bc, 'burn', 'inline', {
  queryId: uintBig(64),
  amount: coins,
  from: address,
  responseAddress: address,
});
export type Burn = ValueOf<typeof burn>;
export const loadBurn = burn.load;
export const storeBurn = burn.store;
