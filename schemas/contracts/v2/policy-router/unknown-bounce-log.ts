/** policy-router-v2 log 0x5a: Any other bounce (value not meaningful). */
import { coins, log, uint, type ValueOf } from '../../common/codec.js';

export const unknownBounceLog = log(0x5a, 'unknown-bounce-log', { op: uint(32), value: coins });
export type UnknownBounceLog = ValueOf<typeof unknownBounceLog>;
export const loadUnknownBounceLog = unknownBounceLog.load;
export const storeUnknownBounceLog = unknownBounceLog.store;
