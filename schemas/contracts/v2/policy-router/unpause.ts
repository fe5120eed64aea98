/** policy-router-v2 inbound op 0x21: Unpause (owner). */
import { message, type ValueOf } from '../../common/codec.js';

export const unpause = message(0x21, 'unpause', 'inline', {});
export type Unpause = ValueOf<typeof unpause>;
export const loadUnpause = unpause.load;
export const storeUnpause = unpause.store;
