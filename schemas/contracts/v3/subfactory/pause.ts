/** Sub-factories v3 (depeg/bridge/oracle/contract/natcat) inbound op 0x33: Pause (master factory). */
import { message, type ValueOf } from '../../common/codec.js';

export const pause = message(0x33, 'pause', 'inline', {});
export type Pause = ValueOf<typeof pause>;
export const loadPause = pause.load;
export const storePause = pause.store;
