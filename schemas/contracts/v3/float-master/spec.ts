/** float-master-v3: `contracts/v3/float/FloatMaster.fc` (spec §5.9). */
import { accrueDailyYield } from '../vault/accrue-daily-yield.js';
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
  unhandledOp,
  unpauseOp,
} from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { aggregateDailyYield } from './aggregate-daily-yield.js';
import { btcAllocation } from './btc-allocation.js';
import { defiAllocation } from './defi-allocation.js';
import { hedgeAllocation } from './hedge-allocation.js';
import { pause } from './pause.js';
import { receivePremium } from './receive-premium.js';
import { releaseExpiredCoverage } from './release-expired-coverage.js';
import { rwaAllocation } from './rwa-allocation.js';
import { setBtcFloat } from './set-btc-float.js';
import { setDefiFloat } from './set-defi-float.js';
import { setHedgeFloat } from './set-hedge-float.js';
import { setRwaFloat } from './set-rwa-float.js';
import { setVault } from './set-vault.js';
import { unpause } from './unpause.js';

export const floatMasterV3: ContractSpec = {
  kind: 'float-master-v3',
  generation: 'v3',
  title: 'FloatMaster v3',
  source: 'contracts/v3/float/FloatMaster.fc',
  ops: opMap(
    op(receivePremium, (b, ctx) => [
      draft('PremiumReceived', {
        policyId: b.policyId,
        amount: b.premium,
        vaultAmount: null,
        stakerAmount: null,
        reserveAmount: null,
        rwaAmount: firstOut(ctx, rwaAllocation)?.body.amount ?? null,
        btcAmount: firstOut(ctx, btcAllocation)?.body.amount ?? null,
        defiAmount: firstOut(ctx, defiAllocation)?.body.amount ?? null,
        hedgeAmount: firstOut(ctx, hedgeAllocation)?.body.amount ?? null,
        totalPremiums: null,
        productType: b.productType,
        assetId: b.assetId,
        coverageAmount: b.coverageAmount,
        expiry: b.expiry,
      }),
    ]),
    op(releaseExpiredCoverage, (b) => [draft('CoverageReleased', { expiryTime: b.expiryTime })]),
    op(aggregateDailyYield, (b) => [
      draft('YieldAggregated', {
        rwa: b.rwa,
        btc: b.btc,
        defi: b.defi,
        hedgePnl: b.hedgePnl,
        total: b.rwa + b.btc + b.defi + b.hedgePnl,
      }),
    ]),
    unhandledOp(0x63, 'distribute_yield_to_vault', 'declared but not handled'),
    configOp(setRwaFloat, 'rwaFloat', (b) => ({ value: b.rwaFloat })),
    configOp(setBtcFloat, 'btcFloat', (b) => ({ value: b.btcFloat })),
    configOp(setDefiFloat, 'defiFloat', (b) => ({ value: b.defiFloat })),
    configOp(setHedgeFloat, 'hedgeFloat', (b) => ({ value: b.hedgeFloat })),
    configOp(setVault, 'vault', (b) => ({ value: b.vault })),
    pauseOp(pause),
    unpauseOp(unpause),
  ),
  outMessages: [
    outMessage(rwaAllocation, 'RWA float'),
    outMessage(btcAllocation, 'BTC float'),
    outMessage(defiAllocation, 'DeFi float'),
    outMessage(hedgeAllocation, 'hedge float'),
    outMessage(accrueDailyYield, 'vault (accrue_daily_yield, 15/20/25/20/15/5 %)'),
  ],
  logs: new Map(),
  unemittedLogs: [
    unemitted(
      0x01,
      'PremiumAllocated',
      'policy_id u64, premium coins, rwa coins, btc coins, defi coins, hedge coins, ts u32',
    ),
    unemitted(0x02, 'CoverageExpired', 'expiry u32, matured coins, expired_capital coins, ts u32'),
    unemitted(
      0x03,
      'YieldAggregated',
      'total coins, rwa coins, btc coins, defi coins, hedge_pnl coins, ts u32',
    ),
    unemitted(0x04, 'RwaFloatSet'),
    unemitted(0x05, 'BtcFloatSet'),
    unemitted(0x06, 'DefiFloatSet'),
    unemitted(0x07, 'HedgeFloatSet'),
    unemitted(0x08, 'VaultSet'),
    unemitted(0x09, 'Paused'),
    unemitted(0x0a, 'Unpaused'),
  ],
  getMethods: [
    getMethod('get_admin', [], 'slice'),
    getMethod('get_vault', [], 'slice'),
    getMethod('get_rwa_float', [], 'slice'),
    getMethod('get_btc_float', [], 'slice'),
    getMethod('get_defi_float', [], 'slice'),
    getMethod('get_hedge_float', [], 'slice'),
    getMethod('get_total_premiums_collected'),
    getMethod('get_protocol_earned_capital'),
    getMethod('get_total_active_coverage'),
    getMethod('get_active_coverage_capital'),
    getMethod('get_expired_coverage_capital'),
    getMethod('get_float_allocations', [], '(rwa, btc, defi, hedge)'),
    getMethod('get_total_float_balance'),
    getMethod('get_maturity_ratio'),
    getMethod('get_paused'),
    getMethod('get_version'),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'no bounce check',
};
