/** Children v3 (shared by stablecoin/bridge/oracle/protocol) inbound op 0x43: Bridge/Oracle/Protocol child: set the bridge/oracle/protocol monitor (master factory). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setMonitor = message(0x43, 'set-monitor', 'inline', { monitor: address });
export type SetMonitor = ValueOf<typeof setMonitor>;
export const loadSetMonitor = setMonitor.load;
export const storeSetMonitor = setMonitor.store;
