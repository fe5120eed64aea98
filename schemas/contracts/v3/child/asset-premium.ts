/** Children v3 (shared by stablecoin/bridge/oracle/protocol) out-message 0x52: Bridge/Oracle child: premium to the vault address (premium + 0.01 TON). */
import { coins, message, uint, type ValueOf } from '../../common/codec.js';

export const assetPremium = message(0x52, 'asset-premium', 'ref', { assetId: uint(16), premium: coins });
export type AssetPremium = ValueOf<typeof assetPremium>;
export const loadAssetPremium = assetPremium.load;
export const storeAssetPremium = assetPremium.store;
