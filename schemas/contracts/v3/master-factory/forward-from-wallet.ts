/** master-factory-v3 inbound op 0x01: Policy request relayed by the gas wallet (inline). */
import { address, cellRef, message, uint, type ValueOf } from '../../common/codec.js';

export const forwardFromWallet = message(0x01, 'forward-from-wallet', 'inline', {
  user: address,
  productType: uint(8),
  assetId: uint(16),
  policyParams: cellRef,
});
export type ForwardFromWallet = ValueOf<typeof forwardFromWallet>;
export const loadForwardFromWallet = forwardFromWallet.load;
export const storeForwardFromWallet = forwardFromWallet.store;
