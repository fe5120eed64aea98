/** master-factory-v3: `contracts/v3/core/MasterFactory.fc` (spec §5.2). Logs never reach the chain. */
import {
  configOp,
  draft,
  firstOut,
  getMethod,
  op,
  opMap,
  outMessage,
  pauseOp,
  unemitted,
  unpauseOp,
} from '../../spec.js';
import type { ContractSpec, DecodeContext } from '../../spec.js';
import { createPolicy } from './create-policy.js';
import { createPolicyFromMaster } from './create-policy-from-master.js';
import { forwardFromWallet } from './forward-from-wallet.js';
import { pause } from './pause.js';
import { processClaim } from './process-claim.js';
import { registerPolicy } from './register-policy.js';
import { registerProductFactory } from './register-product-factory.js';
import { setFactoryCode } from './set-factory-code.js';
import { setGasWallet } from './set-gas-wallet.js';
import { setPolicyNftMinter } from './set-policy-nft-minter.js';
import { setRequiredKycTier } from './set-required-kyc-tier.js';
import { setSbtVerifier } from './set-sbt-verifier.js';
import { setVault } from './set-vault.js';
import { unpause } from './unpause.js';
import { withdrawForClaim } from './withdraw-for-claim.js';

function forwarded(user: string | null, productType: number, assetId: number, ctx: DecodeContext) {
  const out = firstOut(ctx, createPolicyFromMaster);
  return [
    draft('PolicyForwarded', {
      user,
      productType,
      assetId,
      child: out?.dest ?? null,
      childDeployed: ctx.outs.some((o) => o.hasStateInit),
    }),
  ];
}

export const masterFactoryV3: ContractSpec = {
  kind: 'master-factory-v3',
  generation: 'v3',
  title: 'MasterFactory v3',
  source: 'contracts/v3/core/MasterFactory.fc',
  ops: opMap(
    op(forwardFromWallet, (b, ctx) => forwarded(b.user, b.productType, b.assetId, ctx)),
    op(createPolicy, (b, ctx) => forwarded(ctx.sender, b.productType, b.assetId, ctx)),
    configOp(registerProductFactory, 'productFactory', (b) => ({ value: b.factory, index: b.productType })),
    // Code cells are reported by hash: the code itself is not a configuration value anyone compares.
    configOp(setFactoryCode, 'factoryCodeHash', (b) => ({ value: b.code.hash, index: b.productType })),
    configOp(setGasWallet, 'gasWallet', (b) => ({ value: b.gasWallet })),
    configOp(setSbtVerifier, 'sbtVerifier', (b) => ({ value: b.sbtVerifier })),
    configOp(setPolicyNftMinter, 'policyNftMinter', (b) => ({ value: b.policyNftMinter })),
    configOp(setVault, 'vault', (b) => ({ value: b.vault })),
    configOp(setRequiredKycTier, 'requiredKycTier', (b) => ({ value: b.tier })),
    pauseOp(pause),
    unpauseOp(unpause),
    op(registerPolicy, (b) => [
      draft('PolicyRegistered', {
        policyId: b.policyId,
        productType: b.productType,
        assetId: b.assetId,
        user: b.user,
        coverageAmount: b.coverageAmount,
        expiry: b.expiry,
        child: b.child,
        trigger1: b.trigger1,
        trigger2: b.trigger2,
      }),
    ]),
    op(processClaim, (b) => [
      draft('PolicyClaimed', {
        policyId: b.policyId,
        user: b.user,
        coverageType: null,
        chainId: null,
        stablecoinId: null,
        productType: b.productType,
        assetId: b.assetId,
        coverageAmount: b.coverageAmount,
        shardId: null,
        triggerPrice: b.triggerPrice,
        triggerTime: b.triggerTime,
        catastropheId: null,
        severity: null,
      }),
    ]),
  ),
  outMessages: [
    outMessage(createPolicyFromMaster, 'product sub-factory'),
    outMessage(withdrawForClaim, 'vault'),
  ],
  logs: new Map(),
  unemittedLogs: [
    unemitted(0x01, 'PolicyRouted', 'user addr, product_type u8, asset_id u16, ts u32'),
    unemitted(0x02, 'FactoryDeployed', 'product_type u8, factory addr, target_prefix u8, ts u32'),
    unemitted(0x03, 'FactoryRegistered'),
    unemitted(0x04, 'FactoryCodeSet'),
    unemitted(0x05, 'GasWalletSet'),
    unemitted(0x06, 'SbtVerifierSet'),
    unemitted(0x07, 'PolicyNftMinterSet'),
    unemitted(0x08, 'VaultSet'),
    unemitted(0x09, 'KycTierSet'),
    unemitted(0x0a, 'Paused'),
    unemitted(0x0b, 'Unpaused'),
    unemitted(0x0c, 'PolicyRegistered', 'policy_id u64, product_type u8, user addr, coverage coins'),
    unemitted(0x0d, 'ClaimProcessed', 'policy_id u64, user addr, coverage coins, trigger_price u32'),
    unemitted(0x0e, 'PolicyCreationFailed', 'user addr, error_code u32, op u32, ts u32'),
  ],
  getMethods: [
    getMethod('get_admin', [], 'slice'),
    getMethod('get_gas_wallet', [], 'slice'),
    getMethod('get_sbt_verifier', [], 'slice'),
    getMethod('get_policy_nft_minter', [], 'slice'),
    getMethod('get_vault', [], 'slice'),
    getMethod('get_product_factory', ['product_type'], 'slice or null'),
    getMethod('get_total_policies_created'),
    getMethod('get_paused'),
    getMethod('get_required_kyc_tier'),
    getMethod('is_factory_deployed', ['product_type']),
    getMethod('get_version'),
    getMethod(
      'get_policy',
      ['policy_id'],
      '(product_type, asset_id, user, coverage, expiry, child, claimed, created_at)',
    ),
    getMethod('has_policy', ['policy_id']),
    getMethod('get_total_claims_processed'),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'handles bounced 0x30, but the bounce body lacks the data it reads (spec §1.3)',
};
