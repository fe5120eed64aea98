/** master-factory-v3 inbound op 0x24: Set the SBT verifier (admin). */
import { address, message, type ValueOf } from '../../common/codec.js';

export const setSbtVerifier = message(0x24, 'set-sbt-verifier', 'inline', { sbtVerifier: address });
export type SetSbtVerifier = ValueOf<typeof setSbtVerifier>;
export const loadSetSbtVerifier = setSbtVerifier.load;
export const storeSetSbtVerifier = setSbtVerifier.store;
