/** Children v3 (shared by stablecoin/bridge/oracle/protocol) out-message 0x51: Bridge/Protocol child: create_escrow to the vault address (0.1 TON). */
import { address, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const createEscrow = message(0x51, 'create-escrow', 'ref', {
  policyId: uintBig(64),
  user: address,
  coverageAmount: coins,
  expiry: uint(32),
  monitor: address,
  threshold: uint(32),
  userShareBps: uint(16),
  lpShareBps: uint(16),
  stakerShareBps: uint(16),
  protocolShareBps: uint(16),
  arbiterShareBps: uint(16),
  builderShareBps: uint(16),
  adminShareBps: uint(16),
  gasRefundShareBps: uint(16),
});
export type CreateEscrow = ValueOf<typeof createEscrow>;
export const loadCreateEscrow = createEscrow.load;
export const storeCreateEscrow = createEscrow.store;
