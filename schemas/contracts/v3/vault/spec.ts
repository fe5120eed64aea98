/** vault-v3: `contracts/v3/vaults/MultiTrancheVault.fc` (spec §5.1). Logs never reach the chain. */
import {
  configOp,
  draft,
  firstOut,
  getMethod,
  op,
  opMap,
  outMessage,
  outsOf,
  pauseOp,
  plainTransfers,
  unemitted,
  unhandledOp,
  unpauseOp,
} from '../../spec.js';
import type { ContractSpec, DecodeContext } from '../../spec.js';
import type { EventDraft } from '../../../events/canonical-event.js';
import { absorbLoss } from './absorb-loss.js';
import { accrueDailyYield } from './accrue-daily-yield.js';
import { burnConfirmation } from './burn-confirmation.js';
import { burnRequest } from './burn-request.js';
import { deposit } from './deposit.js';
import { distributePremiums } from './distribute-premiums.js';
import { mintConfirmation } from './mint-confirmation.js';
import { mintRequest } from './mint-request.js';
import { pause } from './pause.js';
import { payout } from './payout.js';
import { setClaimsProcessor } from './set-claims-processor.js';
import { setFloatManager } from './set-float-manager.js';
import { setMasterFactory } from './set-master-factory.js';
import { setTrancheToken } from './set-tranche-token.js';
import { unpause } from './unpause.js';
import { withdraw } from './withdraw.js';
import { withdrawForClaim } from './withdraw-for-claim.js';

const tranche = ['tranche'];

/** Every TON payout of the transaction (op-0 payouts and empty-body transfers), as PayoutExecuted. */
function payouts(ctx: DecodeContext, policyId: bigint | null, reason: string): EventDraft[] {
  const sent = [...outsOf(ctx, payout), ...plainTransfers(ctx)];
  return sent.map((o) =>
    draft('PayoutExecuted', { policyId, recipient: o.dest, amount: o.value, reason }, 'out-message', {
      op: null,
    }),
  );
}

export const vaultV3: ContractSpec = {
  kind: 'vault-v3',
  generation: 'v3',
  title: 'MultiTrancheVault v3',
  source: 'contracts/v3/vaults/MultiTrancheVault.fc',
  ops: opMap(
    op(deposit, (b, ctx) => {
      const mint = firstOut(ctx, mintRequest);
      return [
        draft('DepositMade', {
          trancheId: b.trancheId,
          depositor: ctx.sender,
          amount: ctx.value,
          tokens: mint?.body.tokens ?? null,
          txId: mint?.body.txId ?? null,
        }),
      ];
    }),
    op(withdraw, (b, ctx) => {
      const burn = firstOut(ctx, burnRequest);
      const paid = outsOf(ctx, payout).find((o) => o.dest === ctx.sender);
      return [
        draft('WithdrawalMade', {
          trancheId: b.trancheId,
          withdrawer: ctx.sender,
          tokenAmount: b.tokenAmount,
          payout: paid?.value ?? null,
          txId: burn?.body.txId ?? null,
        }),
      ];
    }),
    op(distributePremiums, (b) => [draft('PremiumsDistributed', { amount: b.premiumAmount })]),
    op(absorbLoss, (b, ctx) => [
      draft('LossAbsorbed', { amount: b.lossAmount, claimant: b.claimant, policyId: null }),
      ...payouts(ctx, null, 'loss-absorption'),
    ]),
    unhandledOp(0x05, 'claim_yield', 'declared but not handled: throws 0xFFFF'),
    op(accrueDailyYield, (b) => {
      const perTranche = [b.btc, b.snr, b.mezz, b.jnr, b.jnrPlus, b.eqt];
      return [
        draft('YieldAccrued', { total: perTranche.reduce((a, x) => a + x, 0n), trancheId: null, perTranche }),
      ];
    }),
    configOp(setMasterFactory, 'masterFactory', (b) => ({ value: b.masterFactory })),
    configOp(setClaimsProcessor, 'claimsProcessor', (b) => ({ value: b.claimsProcessor })),
    configOp(setTrancheToken, 'trancheToken', (b) => ({ value: b.token, index: b.trancheId })),
    pauseOp(pause),
    unpauseOp(unpause),
    op(mintConfirmation, (b) => [draft('PendingTxConfirmed', { txId: b.txId, confirmation: 'mint' })]),
    op(burnConfirmation, (b) => [draft('PendingTxConfirmed', { txId: b.txId, confirmation: 'burn' })]),
    configOp(setFloatManager, 'floatManager', (b) => ({ value: b.floatManager })),
    // absorb_loss pays the claimant, then a second plain payout follows (spec §5.1): one event per transfer.
    op(withdrawForClaim, (b, ctx) => [
      draft('LossAbsorbed', { amount: b.coverageAmount, claimant: b.user, policyId: b.policyId }),
      ...payouts(ctx, b.policyId, 'claim'),
    ]),
  ),
  outMessages: [
    outMessage(mintRequest, 'tranche token'),
    outMessage(burnRequest, 'tranche token'),
    outMessage(payout, 'withdrawer / claimant / depositor'),
  ],
  logs: new Map(),
  unemittedLogs: [
    unemitted(0x01, 'VaultDeposit', 'depositor addr, tranche_id u8, amount coins, tokens coins, ts u32'),
    unemitted(
      0x02,
      'VaultWithdraw',
      'withdrawer addr, tranche_id u8, token_amount coins, payout coins, ts u32',
    ),
    unemitted(0x03, 'PremiumDistributed', 'premium coins, ts u32'),
    unemitted(0x04, 'EqtCapReached', 'excess coins, protocol_earned_capital coins, ts u32'),
    unemitted(0x05, 'DailyYieldAccrued', 'total_yield coins, ts u32'),
    unemitted(0x06, 'LossAbsorbed', 'loss coins, claimant addr, ts u32'),
    unemitted(0x07, 'DepositRollback', 'tx_id u64, user addr, original_amount coins'),
    unemitted(0x08, 'WithdrawRollback', 'tx_id u64, user addr, token_amount coins'),
    unemitted(0x09, 'ClaimPaid', 'policy_id u64, user addr, coverage coins, trigger_price u32'),
    unemitted(0x0a, 'MasterFactorySet'),
    unemitted(0x0b, 'ClaimsProcessorSet'),
    unemitted(0x0c, 'FloatManagerSet'),
    unemitted(0x0d, 'TrancheTokenSet'),
    unemitted(0x0e, 'VaultPaused'),
    unemitted(0x0f, 'VaultUnpaused'),
  ],
  getMethods: [
    getMethod('get_total_capital'),
    getMethod('get_total_coverage_sold'),
    getMethod('get_paused'),
    getMethod('get_tranche_capital', tranche),
    getMethod('get_tranche_apy', tranche, '(apy_min_bps, apy_max_bps)'),
    getMethod(
      'get_tranche_info',
      tranche,
      '(capital, apy_min, apy_max, curve_type, allocation_pct, accumulated_yield, token_address, total_tokens)',
    ),
    getMethod('get_tranche_nav', tranche),
    getMethod('get_depositor_balance', ['address'], '(tranche_id, tokens, lock_until, 0)'),
    getMethod('get_accumulated_premiums'),
    getMethod('get_accumulated_losses'),
    getMethod('get_circuit_breaker_status', [], '(window_start, window_losses)'),
    getMethod('get_test_mode'),
    getMethod('get_claims_processor', [], 'slice'),
    getMethod('get_master_factory', [], 'slice'),
    getMethod('get_float_manager', [], 'slice'),
    getMethod('get_protocol_earned_capital'),
    getMethod('get_tranche_deposit_time', tranche),
    getMethod('get_version'),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling:
    'reads tx_id after the op, which a bounce body does not carry: the handler fails (spec §1.3)',
};
