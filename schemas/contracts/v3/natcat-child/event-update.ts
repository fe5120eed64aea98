/** natcat-child-v3 inbound op 0x46: Catastrophe report (anyone; id must exceed the last). */
import { int, message, uint, type ValueOf } from '../../common/codec.js';

export const eventUpdate = message(0x46, 'event-update', 'inline', {
  catastropheId: uint(32),
  latitude: int(32),
  longitude: int(32),
  severity: uint(16),
  eventTime: uint(32),
});
export type EventUpdate = ValueOf<typeof eventUpdate>;
export const loadEventUpdate = eventUpdate.load;
export const storeEventUpdate = eventUpdate.store;
