/** vault-v3 inbound op 0x13: Pause (master factory). */
import { message, type ValueOf } from '../../common/codec.js';

export const pause = message(0x13, 'pause', 'inline', {});
export type Pause = ValueOf<typeof pause>;
export const loadPause = pause.load;
export const storePause = pause.store;
