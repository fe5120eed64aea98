/** policy-router-v2 inbound op 0x22: Set the treasury (owner). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setTreasuryAddress = message(0x22, 'set-treasury-address', 'inline', { treasury: address });
export type SetTreasuryAddress = ValueOf<typeof setTreasuryAddress>;
export const loadSetTreasuryAddress = setTreasuryAddress.load;
export const storeSetTreasuryAddress = setTreasuryAddress.store;
