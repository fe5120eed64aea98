/** policy-shard-v2 inbound op 0x70: Pause (owner). */
import { message, type ValueOf } from '../../common/codec.js';

export const pause = message(0x70, 'pause', 'inline', {});
export type Pause = ValueOf<typeof pause>;
export const loadPause = pause.load;
export const storePause = pause.store;
