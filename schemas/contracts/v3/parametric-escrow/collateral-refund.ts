/** parametric-escrow-v3 out-message 0x80: Collateral back to the vault: `send_internal_msg(vault, collateral, 128, ...)` puts 128 in the op slot. */
import { message, rest, type ValueOf } from '../../common/codec.js';

export const collateralRefund = message(0x80, 'collateral-refund', 'ref', { payload: rest });
export type CollateralRefund = ValueOf<typeof collateralRefund>;
export const loadCollateralRefund = collateralRefund.load;
export const storeCollateralRefund = collateralRefund.store;
