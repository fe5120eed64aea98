/** vault-v2 inbound op 0x05: Claim yield; the contract always throws 400 here. */
import { message, uint, type ValueOf } from '../../common/codec.js';

export const claimYield = message(0x05, 'claim-yield', 'inline', { trancheId: uint(8) });
export type ClaimYield = ValueOf<typeof claimYield>;
export const loadClaimYield = claimYield.load;
export const storeClaimYield = claimYield.store;
