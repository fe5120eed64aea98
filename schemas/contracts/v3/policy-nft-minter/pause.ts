/** policy-nft-minter-v3 inbound op 0x55: Pause (admin). */
import { message, type ValueOf } from '../../common/codec.js';

export const pause = message(0x55, 'pause', 'inline', {});
export type Pause = ValueOf<typeof pause>;
export const loadPause = pause.load;
export const storePause = pause.store;
