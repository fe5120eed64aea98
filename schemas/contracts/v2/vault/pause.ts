/** vault-v2 inbound op 0x10: Pause (admin). */
import { message, type ValueOf } from '../../common/codec.js';

export const pause = message(0x10, 'pause', 'inline', {});
export type Pause = ValueOf<typeof pause>;
export const loadPause = pause.load;
export const storePause = pause.store;
