/** treasury-v2 inbound op 0x20: Emergency withdrawal (owner). */
import { address, coins, message, type ValueOf } from '../../common/codec.js';

export const emergencyWithdraw = message(0x20, 'emergency-withdraw', 'inline', {
  to: address,
  amount: coins,
});
export type EmergencyWithdraw = ValueOf<typeof emergencyWithdraw>;
export const loadEmergencyWithdraw = emergencyWithdraw.load;
export const storeEmergencyWithdraw = emergencyWithdraw.store;
