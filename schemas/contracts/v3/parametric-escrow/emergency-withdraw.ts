/** parametric-escrow-v3 inbound op 0x07: Emergency withdrawal to the vault (admin, 30 days after creation). */
import { message, type ValueOf } from '../../common/codec.js';

export const emergencyWithdraw = message(0x07, 'emergency-withdraw', 'inline', {});
export type EmergencyWithdraw = ValueOf<typeof emergencyWithdraw>;
export const loadEmergencyWithdraw = emergencyWithdraw.load;
export const storeEmergencyWithdraw = emergencyWithdraw.store;
