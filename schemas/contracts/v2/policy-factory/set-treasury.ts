/** policy-factory-v2 inbound op 0x12: Set the treasury (owner). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setTreasury = message(0x12, 'set-treasury', 'inline', { treasury: address });
export type SetTreasury = ValueOf<typeof setTreasury>;
export const loadSetTreasury = setTreasury.load;
export const storeSetTreasury = setTreasury.store;
