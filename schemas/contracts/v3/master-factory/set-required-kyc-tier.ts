/** master-factory-v3 inbound op 0x27: Set the KYC tier (admin). */
import { message, uint, type ValueOf } from '../../common/codec.js';

export const setRequiredKycTier = message(0x27, 'set-required-kyc-tier', 'inline', { tier: uint(8) });
export type SetRequiredKycTier = ValueOf<typeof setRequiredKycTier>;
export const loadSetRequiredKycTier = setRequiredKycTier.load;
export const storeSetRequiredKycTier = setRequiredKycTier.store;
