/** natcat-child-v3 inbound op 0x43: Set the event oracle (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setEventOracle = message(0x43, 'set-event-oracle', 'inline', { eventOracle: address });
export type SetEventOracle = ValueOf<typeof setEventOracle>;
export const loadSetEventOracle = setEventOracle.load;
export const storeSetEventOracle = setEventOracle.store;
