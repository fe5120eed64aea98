/** tranche-token-v2 inbound op 0x11: Toggle the mintable flag (admin). */
import { message, type ValueOf } from '../../common/codec.js';

export const toggleMintable = message(0x11, 'toggle-mintable', 'inline', {});
export type ToggleMintable = ValueOf<typeof toggleMintable>;
export const loadToggleMintable = toggleMintable.load;
export const storeToggleMintable = toggleMintable.store;
