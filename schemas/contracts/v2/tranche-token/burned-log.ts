/** tranche-token-v2 log 0x83: Tokens burned. */
import { address, coins, log, type ValueOf } from '../../common/codec.js';

export const burnedLog = log(0x83, 'burned-log', { from: address, amount: coins, totalSupply: coins });
export type BurnedLog = ValueOf<typeof burnedLog>;
export const loadBurnedLog = burnedLog.load;
export const storeBurnedLog = burnedLog.store;
