/** policy-factory-v2 inbound op 0x14: Set the quote-signing Ed25519 public key (owner). */
import { message, uintBig, type ValueOf } from '../../common/codec.js';

export const setOraclePublicKey = message(0x14, 'set-oracle-public-key', 'inline', {
  publicKey: uintBig(256),
});
export type SetOraclePublicKey = ValueOf<typeof setOraclePublicKey>;
export const loadSetOraclePublicKey = setOraclePublicKey.load;
export const storeSetOraclePublicKey = setOraclePublicKey.store;
