/** vault-v2: `contracts/core/MultiTrancheVault.fc` (spec §3.1). */
import {
  draft,
  firstOut,
  getMethod,
  logMap,
  logSpec,
  op,
  opMap,
  outMessage,
  pauseOp,
  unpauseOp,
  configOp,
  noEffectOp,
  plainTransfers,
} from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { absorbLoss } from './absorb-loss.js';
import { burnConfirmation } from './burn-confirmation.js';
import { burnRequest } from './burn-request.js';
import { claimYield } from './claim-yield.js';
import { deposit } from './deposit.js';
import { depositRolledBackLog } from './deposit-rolled-back-log.js';
import { distributePremiums } from './distribute-premiums.js';
import { mintBurnRetryLog } from './mint-burn-retry-log.js';
import { mintConfirmation } from './mint-confirmation.js';
import { mintRefund } from './mint-refund.js';
import { mintRequest } from './mint-request.js';
import { pause } from './pause.js';
import { setAdmin } from './set-admin.js';
import { setClaimsProcessor } from './set-claims-processor.js';
import { setTrancheToken } from './set-tranche-token.js';
import { unpause } from './unpause.js';
import { withdraw } from './withdraw.js';
import { withdrawRolledBackLog } from './withdraw-rolled-back-log.js';

const tranche = ['tranche'];

export const vaultV2: ContractSpec = {
  kind: 'vault-v2',
  generation: 'v2',
  title: 'MultiTrancheVault v2',
  source: 'contracts/core/MultiTrancheVault.fc',
  ops: opMap(
    // Tokens minted = amount*1e9/NAV needs the vault state; the event carries what the mint message reveals.
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
      // Test mode pays the withdrawer directly with an empty body; production only burns.
      const payout = plainTransfers(ctx).find((o) => o.dest === ctx.sender);
      return [
        draft('WithdrawalMade', {
          trancheId: b.trancheId,
          withdrawer: ctx.sender,
          tokenAmount: b.tokenAmount,
          payout: payout?.value ?? null,
          txId: burn?.body.txId ?? null,
        }),
      ];
    }),
    op(distributePremiums, (b) => [draft('PremiumsDistributed', { amount: b.premiumAmount })]),
    op(absorbLoss, (b) => [draft('LossAbsorbed', { amount: b.lossAmount, claimant: null, policyId: null })]),
    noEffectOp(claimYield, 'claim_yield always throws 400 (the yield helper returns 0)'),
    pauseOp(pause),
    unpauseOp(unpause),
    configOp(setAdmin, 'admin', (b) => ({ value: b.admin })),
    configOp(setClaimsProcessor, 'claimsProcessor', (b) => ({ value: b.claimsProcessor })),
    configOp(setTrancheToken, 'trancheToken', (b) => ({ value: b.token, index: b.trancheId })),
    op(mintConfirmation, (b) => [draft('PendingTxConfirmed', { txId: b.txId, confirmation: 'mint' })]),
    op(burnConfirmation, (b) => [draft('PendingTxConfirmed', { txId: b.txId, confirmation: 'burn' })]),
  ),
  outMessages: [
    outMessage(mintRequest, 'tranche token'),
    outMessage(burnRequest, 'tranche token'),
    outMessage(mintRefund, 'depositor (mint given up)'),
  ],
  logs: logMap(
    logSpec(mintBurnRetryLog, (p) => [
      draft(
        'MintBurnRetried',
        { txId: p.txId, retryCount: p.retryCount, backoffSeconds: p.backoffSeconds, op: p.op },
        'log',
        {
          logId: mintBurnRetryLog.id,
        },
      ),
    ]),
    logSpec(depositRolledBackLog, (p) => [
      draft(
        'DepositRolledBack',
        { txId: p.txId, trancheId: p.trancheId, amount: p.originalAmount, user: p.user },
        'log',
        {
          logId: depositRolledBackLog.id,
        },
      ),
    ]),
    logSpec(withdrawRolledBackLog, (p) => [
      draft(
        'WithdrawalRolledBack',
        { txId: p.txId, trancheId: p.trancheId, tokenAmount: p.tokenAmount, user: p.user },
        'log',
        {
          logId: withdrawRolledBackLog.id,
        },
      ),
    ]),
  ),
  unemittedLogs: [],
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
    getMethod('get_tranche_total_tokens', tranche),
    getMethod('get_tranche_token_address', tranche, 'slice'),
    getMethod(
      'get_tranche_state',
      tranche,
      '(capital, total_tokens, utilization_bps, nav, accumulated_yield)',
    ),
    getMethod('get_depositor_balance', ['address'], '(tranche_id, tokens, lock_until, 0)'),
    getMethod('get_accumulated_premiums'),
    getMethod('get_accumulated_losses'),
    getMethod('get_circuit_breaker_status', [], '(window_start, window_losses)'),
    getMethod('get_test_mode'),
    getMethod('get_seq_no'),
    getMethod('get_owner', [], 'slice'),
    getMethod('get_admin', [], 'slice'),
    getMethod('get_claims_processor', [], 'slice'),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling:
    'bounced mint (21) / burn (0x595f07bc): retry (log 0x90) or give up (mint: refund + log 0x95; burn: log 0x96). ' +
    'A second bounce of the same tx fails (exit 9) because the retry drops the pending-tx context.',
};
