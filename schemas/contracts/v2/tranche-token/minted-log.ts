/** tranche-token-v2 log 0x82: Tokens minted. */
import { address, coins, log, uint, type ValueOf } from '../../common/codec.js';

export const mintedLog = log(0x82, 'minted-log', {
  to: address,
  amount: coins,
  unlockTime: uint(32),
  totalSupply: coins,
});
export type MintedLog = ValueOf<typeof mintedLog>;
export const loadMintedLog = mintedLog.load;
export const storeMintedLog = mintedLog.store;
