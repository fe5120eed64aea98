/** oracle-child-v3 out-message 0x51: create_escrow to the vault address (0.1 TON). */
import { address, coins, message, uint, uintBig, type ValueOf } from '../../common/codec.js';

export const createEscrow = message(0x51, 'create-escrow', 'ref', {
  policyId: uintBig(64),
  user: address,
  coverageAmount: coins,
  expiry: uint(32),
  monitor: address,
  stalenessThreshold: uint(32),
  deviationBps: uint(16),
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
