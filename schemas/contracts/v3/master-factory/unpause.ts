/** master-factory-v3 inbound op 0x29: Unpause (admin). */
import { message, type ValueOf } from '../../common/codec.js';

export const unpause = message(0x29, 'unpause', 'inline', {});
export type Unpause = ValueOf<typeof unpause>;
export const loadUnpause = unpause.load;
export const storeUnpause = unpause.store;
