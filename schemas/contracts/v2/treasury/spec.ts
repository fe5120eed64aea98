/** treasury-v2: `contracts/core/Treasury.fc` (spec §3.7). */
import { distributePremiums } from '../vault/distribute-premiums.js';
import { configOp, draft, getMethod, logMap, logSpec, op, opMap, outMessage, takeLog } from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { emergencyWithdraw } from './emergency-withdraw.js';
import { payoutMadeLog } from './payout-made-log.js';
import { premiumReceivedLog, type PremiumReceivedLog } from './premium-received-log.js';
import { processPayout } from './process-payout.js';
import { receivePremium } from './receive-premium.js';
import { receiveYieldConfirmation } from './receive-yield-confirmation.js';
import { setClaimsProcessor } from './set-claims-processor.js';
import { setMultiTrancheVault } from './set-multi-tranche-vault.js';
import { setStakingPool } from './set-staking-pool.js';
import { stakerPremium } from './staker-premium.js';
import { yieldConfirmationLog } from './yield-confirmation-log.js';

function premiumReceived(policyId: bigint, amount: bigint, log: PremiumReceivedLog | undefined) {
  return {
    policyId,
    amount,
    vaultAmount: log?.vaultAmount ?? null,
    stakerAmount: log?.stakerAmount ?? null,
    reserveAmount: log?.reserveAmount ?? null,
    rwaAmount: null,
    btcAmount: null,
    defiAmount: null,
    hedgeAmount: null,
    totalPremiums: log?.totalPremiums ?? null,
    productType: null,
    assetId: null,
    coverageAmount: null,
    expiry: null,
  };
}

const ytd = (tranche: string) => getMethod(`get_${tranche}_yield_distributed`);

export const treasuryV2: ContractSpec = {
  kind: 'treasury-v2',
  generation: 'v2',
  title: 'Treasury v2',
  source: 'contracts/core/Treasury.fc',
  ops: opMap(
    op(receivePremium, (b, ctx) => {
      const log = takeLog(ctx, premiumReceivedLog);
      return [
        draft('PremiumReceived', premiumReceived(b.policyId, b.amount, log), 'in-message', {
          logId: log ? premiumReceivedLog.id : null,
        }),
      ];
    }),
    op(receiveYieldConfirmation, (b, ctx) => {
      const log = takeLog(ctx, yieldConfirmationLog);
      return [
        draft(
          'YieldAccrued',
          { total: b.yieldAmount, trancheId: b.trancheId, perTranche: [] },
          'in-message',
          {
            logId: log ? yieldConfirmationLog.id : null,
          },
        ),
      ];
    }),
    op(processPayout, (b, ctx) => {
      const log = takeLog(ctx, payoutMadeLog);
      return [
        draft(
          'PayoutExecuted',
          { policyId: null, recipient: b.recipient, amount: b.amount, reason: 'treasury-payout' },
          'in-message',
          {
            logId: log ? payoutMadeLog.id : null,
          },
        ),
      ];
    }),
    configOp(setClaimsProcessor, 'claimsProcessor', (b) => ({ value: b.claimsProcessor })),
    configOp(setMultiTrancheVault, 'vault', (b) => ({ value: b.vault })),
    configOp(setStakingPool, 'stakingPool', (b) => ({ value: b.stakingPool })),
    op(emergencyWithdraw, (b) => [draft('ReserveWithdrawn', { to: b.to, amount: b.amount })]),
  ),
  outMessages: [
    outMessage(distributePremiums, 'vault (70 %)'),
    outMessage(stakerPremium, 'staking pool (20 %)'),
  ],
  logs: logMap(
    logSpec(premiumReceivedLog, (p) => [
      draft('PremiumReceived', premiumReceived(p.policyId, p.amount, p), 'log', {
        logId: premiumReceivedLog.id,
      }),
    ]),
    logSpec(yieldConfirmationLog, (p) => [
      draft('YieldAccrued', { total: p.yieldAmount, trancheId: p.trancheId, perTranche: [] }, 'log', {
        logId: yieldConfirmationLog.id,
      }),
    ]),
    logSpec(payoutMadeLog, (p) => [
      draft(
        'PayoutExecuted',
        { policyId: null, recipient: p.recipient, amount: p.amount, reason: 'treasury-payout' },
        'log',
        {
          logId: payoutMadeLog.id,
        },
      ),
    ]),
  ),
  unemittedLogs: [],
  getMethods: [
    getMethod('get_total_premiums_collected'),
    getMethod('get_total_payouts_made'),
    getMethod('get_reserve_balance'),
    getMethod('get_claims_processor', [], 'slice'),
    getMethod('get_treasury_stats', [], '(premiums, payouts, reserve)'),
    ytd('btc'),
    ytd('snr'),
    ytd('mezz'),
    ytd('jnr'),
    ytd('jnr_plus'),
    ytd('eqt'),
    getMethod('get_all_tranche_yields', [], '(btc, snr, mezz, jnr, jnr_plus, eqt)'),
    getMethod('get_total_yield_distributed'),
    getMethod('get_multi_tranche_vault', [], 'slice'),
  ],
  // Plain TON is credited to the reserve.
  emptyBody: (ctx) => [draft('ReserveDeposited', { amount: ctx.value, from: ctx.sender })],
  unknownOp: 'throws',
  bounceHandling: 'none',
};
