/** policy-shard-v2: `contracts/core/PolicyShard.fc` (spec §3.5). */
import {
  configOp,
  draft,
  getMethod,
  logMap,
  logSpec,
  op,
  opMap,
  outMessage,
  pauseOp,
  takeLog,
  unpauseOp,
} from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { createPolicySharded } from './create-policy-sharded.js';
import { markPolicyClaimed } from './mark-policy-claimed.js';
import { markPolicyInactive } from './mark-policy-inactive.js';
import { pause } from './pause.js';
import { policyClaimedLog } from './policy-claimed-log.js';
import { policyConfirmation } from './policy-confirmation.js';
import { policyCreatedInShardLog, type PolicyCreatedInShardLog } from './policy-created-in-shard-log.js';
import { shardPausedUnpausedLog } from './shard-paused-unpaused-log.js';
import { unpause } from './unpause.js';
import { updateClaimsProcessor } from './update-claims-processor.js';
import { updateRouterAddress } from './update-router-address.js';

function shardPolicy(
  p: Omit<PolicyCreatedInShardLog, 'productHash' | 'shardId'>,
  extra: { premium: bigint | null; shardId: number | null; productHash: number | null; startTime: number },
) {
  return {
    primary: true,
    policyId: p.policyId,
    user: p.user,
    coverageType: p.coverageType,
    chainId: p.chainId,
    stablecoinId: p.stablecoinId,
    productType: null,
    assetId: null,
    coverageAmount: p.coverageAmount,
    premium: extra.premium,
    durationDays: p.durationDays,
    durationHours: null,
    startTime: extra.startTime,
    expiry: null,
    shardId: extra.shardId,
    productHash: extra.productHash,
    latitude: null,
    longitude: null,
    radiusKm: null,
  };
}

export const policyShardV2: ContractSpec = {
  kind: 'policy-shard-v2',
  generation: 'v2',
  title: 'PolicyShard v2',
  source: 'contracts/core/PolicyShard.fc',
  ops: opMap(
    // The shard holds the policy: this PolicyCreated is the primary one (the router's is primary=false).
    op(createPolicySharded, (b, ctx) => {
      const log = takeLog(ctx, policyCreatedInShardLog);
      return [
        draft(
          'PolicyCreated',
          shardPolicy(b, {
            premium: b.premium,
            shardId: log?.shardId ?? null,
            productHash: log?.productHash ?? null,
            startTime: ctx.utime,
          }),
          'in-message',
          { logId: log ? policyCreatedInShardLog.id : null },
        ),
      ];
    }),
    op(markPolicyClaimed, (b, ctx) => {
      const log = takeLog(ctx, policyClaimedLog);
      return [
        draft(
          'PolicyClaimed',
          {
            policyId: b.policyId,
            user: null,
            coverageType: null,
            chainId: null,
            stablecoinId: null,
            productType: null,
            assetId: null,
            coverageAmount: log?.coverageAmount ?? null,
            shardId: log?.shardId ?? null,
            triggerPrice: null,
            triggerTime: null,
            catastropheId: null,
            severity: null,
          },
          'in-message',
          { logId: log ? policyClaimedLog.id : null },
        ),
      ];
    }),
    op(markPolicyInactive, (b) => [draft('PolicyDeactivated', { policyId: b.policyId })]),
    pauseOp(pause, shardPausedUnpausedLog.id),
    unpauseOp(unpause, shardPausedUnpausedLog.id),
    configOp(updateRouterAddress, 'router', (b) => ({ value: b.router })),
    configOp(updateClaimsProcessor, 'claimsProcessor', (b) => ({ value: b.claimsProcessor })),
  ),
  outMessages: [outMessage(policyConfirmation, 'policy holder')],
  logs: logMap(
    logSpec(policyCreatedInShardLog, (p, ctx) => [
      draft(
        'PolicyCreated',
        shardPolicy(p, {
          premium: null,
          shardId: p.shardId,
          productHash: p.productHash,
          startTime: ctx.utime,
        }),
        'log',
        {
          logId: policyCreatedInShardLog.id,
        },
      ),
    ]),
    logSpec(policyClaimedLog, (p) => [
      draft(
        'PolicyClaimed',
        {
          policyId: p.policyId,
          user: null,
          coverageType: null,
          chainId: null,
          stablecoinId: null,
          productType: null,
          assetId: null,
          coverageAmount: p.coverageAmount,
          shardId: p.shardId,
          triggerPrice: null,
          triggerTime: null,
          catastropheId: null,
          severity: null,
        },
        'log',
        { logId: policyClaimedLog.id },
      ),
    ]),
    logSpec(shardPausedUnpausedLog, (p) => [
      draft(p.paused ? 'ContractPaused' : 'ContractUnpaused', { by: null }, 'log', {
        logId: shardPausedUnpausedLog.id,
      }),
    ]),
  ),
  unemittedLogs: [],
  getMethods: [
    getMethod(
      'get_policy_data',
      ['policy_id'],
      '(coverage_type, chain_id, stablecoin_id, coverage, premium, start_time, duration_days, active)',
    ),
    getMethod(
      'get_full_policy_data',
      ['policy_id'],
      '(policy_id, user, coverage_type, chain_id, stablecoin_id, coverage, start, end, active, claimed, premium, product_hash)',
    ),
    getMethod('get_shard_stats', [], '(shard_id, count)'),
    getMethod('get_shard_health', [], '(shard_id, count, paused, gas_estimate)'),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'none',
};
