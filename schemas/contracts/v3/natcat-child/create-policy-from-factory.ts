/** natcat-child-v3 inbound op 0x40: Policy request from the parent: inline user, ref{coverage, duration_hours, lat, lon, radius_km}. */
import { address, coins, int, message, ref, struct, uint, type ValueOf } from '../../common/codec.js';

export const createPolicyFromFactory = message(0x40, 'create-policy-from-factory', 'inline', {
  user: address,
  params: ref(
    struct({
      coverageAmount: coins,
      durationHours: uint(16),
      latitude: int(32),
      longitude: int(32),
      radiusKm: uint(16),
    }),
  ),
});
export type CreatePolicyFromFactory = ValueOf<typeof createPolicyFromFactory>;
export const loadCreatePolicyFromFactory = createPolicyFromFactory.load;
export const storeCreatePolicyFromFactory = createPolicyFromFactory.store;
