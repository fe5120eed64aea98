/** policy-router-v2 log 0x58: Router pause flag changed (1 bit). */
import { bool, log, type ValueOf } from '../../common/codec.js';

export const routerPausedUnpausedLog = log(0x58, 'router-paused-unpaused-log', { paused: bool });
export type RouterPausedUnpausedLog = ValueOf<typeof routerPausedUnpausedLog>;
export const loadRouterPausedUnpausedLog = routerPausedUnpausedLog.load;
export const storeRouterPausedUnpausedLog = routerPausedUnpausedLog.store;
