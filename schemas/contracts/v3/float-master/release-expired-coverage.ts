/** float-master-v3 inbound op 0x61: Release coverage maturing at a timestamp (admin). */
import { message, uint, type ValueOf } from '../../common/codec.js';

export const releaseExpiredCoverage = message(0x61, 'release-expired-coverage', 'inline', {
  expiryTime: uint(32),
});
export type ReleaseExpiredCoverage = ValueOf<typeof releaseExpiredCoverage>;
export const loadReleaseExpiredCoverage = releaseExpiredCoverage.load;
export const storeReleaseExpiredCoverage = releaseExpiredCoverage.store;
