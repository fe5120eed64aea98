/** Children v3 (shared by stablecoin/bridge/oracle/protocol) inbound op 0x45: Unpause (parent factory). */
import { message, type ValueOf } from '../../common/codec.js';

export const unpause = message(0x45, 'unpause', 'inline', {});
export type Unpause = ValueOf<typeof unpause>;
export const loadUnpause = unpause.load;
export const storeUnpause = unpause.store;
