/** policy-router-v2: `contracts/core/PolicyRouter.fc` (spec §3.4). */
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
import { createPolicySharded } from '../policy-shard/create-policy-sharded.js';
import { batchRegisterShards } from './batch-register-shards.js';
import { createPolicy } from './create-policy.js';
import { overrideShardAddress } from './override-shard-address.js';
import { pause } from './pause.js';
import { policyCreationBouncedLog } from './policy-creation-bounced-log.js';
import { policyRoutedToShardLog, type PolicyRoutedToShardLog } from './policy-routed-to-shard-log.js';
import { premiumToTreasury } from './premium-to-treasury.js';
import { registerShard } from './register-shard.js';
import { routerPausedUnpausedLog } from './router-paused-unpaused-log.js';
import { setTreasuryAddress } from './set-treasury-address.js';
import { shardAddressOverriddenLog } from './shard-address-overridden-log.js';
import { shardRegisteredLog } from './shard-registered-log.js';
import { shardsRegisteredBatchLog } from './shards-registered-batch-log.js';
import { unknownBounceLog } from './unknown-bounce-log.js';
import { unpause } from './unpause.js';

/**
 * The router assigns the policy id and counts the policy, but the shard holds it: the router's PolicyCreated
 * is primary=false (feeds router counters), the shard's (op 0x60, log 0x51) is primary=true (feeds exposure).
 */
type RoutedTerms = Omit<PolicyRoutedToShardLog, 'policyId' | 'shardId' | 'premium'> & {
  policyId: bigint | null;
  shardId: number | null;
  premium: bigint | null;
};

function routedPolicy(p: RoutedTerms, startTime: number) {
  return {
    primary: false,
    policyId: p.policyId,
    user: p.user,
    coverageType: p.coverageType,
    chainId: p.chainId,
    stablecoinId: p.stablecoinId,
    productType: null,
    assetId: null,
    coverageAmount: p.coverageAmount,
    premium: p.premium,
    durationDays: p.durationDays,
    durationHours: null,
    startTime,
    expiry: null,
    shardId: p.shardId,
    productHash: null,
    latitude: null,
    longitude: null,
    radiusKm: null,
  };
}

export const policyRouterV2: ContractSpec = {
  kind: 'policy-router-v2',
  generation: 'v2',
  title: 'PolicyRouter v2',
  source: 'contracts/core/PolicyRouter.fc',
  ops: opMap(
    op(createPolicy, (b, ctx) => {
      const routed = takeLog(ctx, policyRoutedToShardLog);
      if (routed)
        return [
          draft('PolicyCreated', routedPolicy(routed, ctx.utime), 'in-message', {
            logId: policyRoutedToShardLog.id,
          }),
        ];
      // Without the log the id, shard and premium stay unknown (the log is emitted in the same tx).
      return [
        draft(
          'PolicyCreated',
          routedPolicy({ ...b, user: ctx.sender, policyId: null, shardId: null, premium: null }, ctx.utime),
        ),
      ];
    }),
    op(registerShard, (b, ctx) => {
      takeLog(ctx, shardRegisteredLog);
      return [
        draft('ShardRegistered', { shardId: b.shardId, shard: b.shard, override: false }, 'in-message', {
          logId: shardRegisteredLog.id,
        }),
      ];
    }),
    op(overrideShardAddress, (b, ctx) => {
      takeLog(ctx, shardAddressOverriddenLog);
      return [
        draft('ShardRegistered', { shardId: b.shardId, shard: b.shard, override: true }, 'in-message', {
          logId: shardAddressOverriddenLog.id,
        }),
      ];
    }),
    op(batchRegisterShards, (b, ctx) => {
      takeLog(ctx, shardsRegisteredBatchLog);
      return b.shards.map((s) =>
        draft('ShardRegistered', { shardId: s.shardId, shard: s.shard, override: false }),
      );
    }),
    pauseOp(pause, routerPausedUnpausedLog.id),
    unpauseOp(unpause, routerPausedUnpausedLog.id),
    configOp(setTreasuryAddress, 'treasury', (b) => ({ value: b.treasury })),
  ),
  outMessages: [
    outMessage(createPolicySharded, 'policy shard (policy_id mod 256)'),
    outMessage(premiumToTreasury, 'treasury'),
  ],
  logs: logMap(
    logSpec(policyRoutedToShardLog, (p, ctx) => [
      draft('PolicyCreated', routedPolicy(p, ctx.utime), 'log', { logId: policyRoutedToShardLog.id }),
    ]),
    logSpec(shardRegisteredLog, (p) => [
      draft('ShardRegistered', { shardId: p.shardId, shard: p.shard, override: false }, 'log', {
        logId: shardRegisteredLog.id,
      }),
    ]),
    logSpec(shardAddressOverriddenLog, (p) => [
      draft('ShardRegistered', { shardId: p.shardId, shard: p.shard, override: true }, 'log', {
        logId: shardAddressOverriddenLog.id,
      }),
    ]),
    // The batch log only carries a count; the shards come from the in-message.
    logSpec(shardsRegisteredBatchLog),
    logSpec(routerPausedUnpausedLog, (p) => [
      draft(p.paused ? 'ContractPaused' : 'ContractUnpaused', { by: null }, 'log', {
        logId: routerPausedUnpausedLog.id,
      }),
    ]),
    logSpec(policyCreationBouncedLog, (p) => [
      draft('PolicyCreationBounced', { policyId: p.policyId, op: p.op, value: p.value }, 'log', {
        logId: policyCreationBouncedLog.id,
      }),
    ]),
    // Nothing but the bounce itself, which TransactionFailed already records.
    logSpec(unknownBounceLog),
  ),
  unemittedLogs: [],
  getMethods: [
    getMethod('get_policy_shard_address', ['policy_id'], 'slice'),
    getMethod('get_next_policy_id'),
    getMethod('get_total_policies'),
    getMethod('get_shard_by_id', ['shard_id'], 'slice'),
    getMethod('get_registered_shard_count'),
    getMethod('calculate_premium_external', [
      'coverage_type',
      'chain_id',
      'stablecoin_id',
      'coverage_amount',
      'duration_days',
    ]),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling:
    'bounced 0x60 → log 0x59 PolicyCreationBounced; any other bounce → log 0x5A (counters are not rolled back)',
};
