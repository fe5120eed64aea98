/** Children v3 (shared by stablecoin/bridge/oracle/protocol) inbound op 0x44: Pause (parent factory). */
import { message, type ValueOf } from '../../common/codec.js';

export const pause = message(0x44, 'pause', 'inline', {});
export type Pause = ValueOf<typeof pause>;
export const loadPause = pause.load;
export const storePause = pause.store;
