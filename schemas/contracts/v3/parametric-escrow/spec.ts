/** parametric-escrow-v3: `contracts/v3/escrow/ParametricEscrow.fc` (spec §5.8). */
import type { EventDraft } from '../../../events/canonical-event.js';
import {
  draft,
  firstOut,
  getMethod,
  op,
  opMap,
  outMessage,
  outsOf,
  unemitted,
  unhandledOp,
} from '../../spec.js';
import type { ContractSpec, DecodeContext } from '../../spec.js';
import { collateralRefund } from './collateral-refund.js';
import { emergencyWithdraw } from './emergency-withdraw.js';
import { freezeDispute } from './freeze-dispute.js';
import { handleExpiry } from './handle-expiry.js';
import { initialize } from './initialize.js';
import { lossReport } from './loss-report.js';
import { payout } from './payout.js';
import { resolveDispute } from './resolve-dispute.js';
import { triggerClaim } from './trigger-claim.js';

const RESOLUTIONS = ['refund_vault', 'pay_user', 'split'] as const;

function status(
  status: string,
  policyId: bigint | null,
  amount: bigint | null,
  resolution: number | null = null,
): EventDraft {
  return draft('EscrowStatusChanged', { status, policyId, amount, resolution });
}

function distributions(ctx: DecodeContext, policyId: bigint | null): EventDraft[] {
  return outsOf(ctx, payout).map((o) =>
    draft(
      'PayoutExecuted',
      { policyId, recipient: o.dest, amount: o.value, reason: 'escrow-distribution' },
      'out-message',
      { op: payout.op },
    ),
  );
}

function refundedAmount(ctx: DecodeContext): bigint | null {
  const refunds = outsOf(ctx, collateralRefund);
  return refunds.length ? refunds.reduce((a, o) => a + o.value, 0n) : null;
}

export const parametricEscrowV3: ContractSpec = {
  kind: 'parametric-escrow-v3',
  generation: 'v3',
  title: 'ParametricEscrow v3',
  source: 'contracts/v3/escrow/ParametricEscrow.fc',
  ops: opMap(
    // Collateral = the message value.
    op(initialize, (_b, ctx) => [status('active', null, ctx.value)]),
    unhandledOp(0x02, 'deposit_collateral', 'declared but not handled'),
    op(triggerClaim, (b, ctx) => [
      status('paid_out', b.policyId, firstOut(ctx, lossReport)?.body.coverageAmount ?? null),
      ...distributions(ctx, b.policyId),
    ]),
    op(handleExpiry, (_b, ctx) => [status('expired', null, refundedAmount(ctx))]),
    op(freezeDispute, () => [status('disputed', null, null)]),
    op(resolveDispute, (b, ctx) => [
      status(`resolved_${RESOLUTIONS[b.resolution] ?? 'unknown'}`, null, refundedAmount(ctx), b.resolution),
      ...distributions(ctx, null),
    ]),
    op(emergencyWithdraw, (_b, ctx) => [status('emergency_withdrawn', null, refundedAmount(ctx))]),
  ),
  outMessages: [
    outMessage(
      payout,
      'distribution recipients (user, lp, staker, protocol, arbiter, builder, admin, oracle)',
    ),
    outMessage(lossReport, 'vault (absorb_loss as op + ref; the vault reads inline)'),
    outMessage(collateralRefund, 'vault (op 0x80, unknown to it)'),
  ],
  logs: new Map(),
  unemittedLogs: [
    unemitted(0x01, 'EscrowActivated', 'policy_id u64, collateral coins, ts u32'),
    unemitted(0x02, 'ClaimPaidOut', 'policy_id u64, coverage coins, ts u32'),
    unemitted(0x03, 'EscrowExpired', 'policy_id u64, collateral coins, ts u32'),
    unemitted(0x04, 'EscrowFrozen', 'policy_id u64, ts u32'),
    unemitted(0x05, 'DisputeResolved', 'policy_id u64, resolution u8, ts u32'),
    unemitted(0x06, 'EmergencyWithdraw', 'policy_id u64, ts u32'),
    unemitted(0x07, 'MessageBounced', 'policy_id u64, op u32, ts u32'),
  ],
  getMethods: [
    getMethod('get_escrow_info', [], '(policy_id, owner, coverage, status, expiry)'),
    getMethod('get_status'),
    getMethod('get_policy_id'),
    getMethod('get_policy_owner', [], 'slice'),
    getMethod('get_coverage_amount'),
    getMethod('get_collateral_amount'),
    getMethod('get_expiry_timestamp'),
    getMethod('get_time_remaining'),
    getMethod('get_trigger_params', [], '(threshold, duration)'),
    getMethod('get_product_info', [], '(product_type, asset_id, threshold, duration)'),
    getMethod('get_distribution', [], '8 x bps'),
    getMethod('get_vault_address', [], 'slice'),
    getMethod('get_oracle_address', [], 'slice'),
    getMethod('get_version'),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'log 0x07 MessageBounced (never on chain)',
};
