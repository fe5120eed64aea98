/** vault-v3 inbound op 0x14: Unpause (master factory). */
import { message, type ValueOf } from '../../common/codec.js';

export const unpause = message(0x14, 'unpause', 'inline', {});
export type Unpause = ValueOf<typeof unpause>;
export const loadUnpause = unpause.load;
export const storeUnpause = unpause.store;
