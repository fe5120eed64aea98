/** Sub-factories v3 (depeg/bridge/oracle/contract/natcat) inbound op 0x34: Unpause (master factory). */
import { message, type ValueOf } from '../../common/codec.js';

export const unpause = message(0x34, 'unpause', 'inline', {});
export type Unpause = ValueOf<typeof unpause>;
export const loadUnpause = unpause.load;
export const storeUnpause = unpause.store;
