/** policy-factory-v2 inbound op 0x01: Create a policy from an oracle-signed quote: ref{signature 512 bits, ref{quote data}}. */
import { address, bitsHex, coins, message, ref, struct, uint, type ValueOf } from '../../common/codec.js';

export const createPolicyWithSignedPremium = message(0x01, 'create-policy-with-signed-premium', 'inline', {
  quote: ref(
    struct({
      signature: bitsHex(512),
      data: ref(
        struct({
          coverageType: uint(8),
          chainId: uint(8),
          stablecoinId: uint(8),
          coverageAmount: coins,
          durationDays: uint(16),
          user: address,
          premium: coins,
          deadline: uint(32),
        }),
      ),
    }),
  ),
});
export type CreatePolicyWithSignedPremium = ValueOf<typeof createPolicyWithSignedPremium>;
export const loadCreatePolicyWithSignedPremium = createPolicyWithSignedPremium.load;
export const storeCreatePolicyWithSignedPremium = createPolicyWithSignedPremium.store;
