/** treasury-v2 inbound op 0x12: Set the staking pool (owner). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setStakingPool = message(0x12, 'set-staking-pool', 'inline', { stakingPool: address });
export type SetStakingPool = ValueOf<typeof setStakingPool>;
export const loadSetStakingPool = setStakingPool.load;
export const storeSetStakingPool = setStakingPool.store;
