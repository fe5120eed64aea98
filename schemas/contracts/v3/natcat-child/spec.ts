/** natcat-child-v3: `contracts/v3/children/NatCatChild.fc` (spec §5.6). Durations are in hours. */
import { childGetMethods, claimedByTrigger, policyCreated } from '../child/child-spec.js';
import { pause } from '../child/pause.js';
import { setPolicyNftMinter } from '../child/set-policy-nft-minter.js';
import { unpause } from '../child/unpause.js';
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
  unemitted,
  unpauseOp,
} from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { createPolicyFromFactory } from './create-policy-from-factory.js';
import { eventUpdate } from './event-update.js';
import { floatPremium } from './float-premium.js';
import { mintPolicyNft } from './mint-policy-nft.js';
import { processClaim } from './process-claim.js';
import { registerPolicy } from './register-policy.js';
import { setEventOracle } from './set-event-oracle.js';
import { setFloatMaster } from './set-float-master.js';

export const natcatChildV3: ContractSpec = {
  kind: 'natcat-child-v3',
  generation: 'v3',
  title: 'NatCatChild v3',
  source: 'contracts/v3/children/NatCatChild.fc',
  ops: opMap(
    op(createPolicyFromFactory, (b, ctx) => {
      const nft = firstOut(ctx, mintPolicyNft)?.body;
      const reg = firstOut(ctx, registerPolicy)?.body;
      const fl = firstOut(ctx, floatPremium)?.body;
      return [
        policyCreated(
          {
            policyId: nft?.policyId ?? reg?.policyId ?? fl?.policyId ?? null,
            productType: nft?.productType ?? reg?.productType ?? null,
            assetId: nft?.assetId ?? reg?.assetId ?? null,
            user: b.user,
            coverageAmount: b.params.coverageAmount,
            premium: fl?.premium ?? null,
            durationDays: null,
            durationHours: b.params.durationHours,
            expiry: nft?.expiry ?? reg?.expiry ?? null,
            latitude: b.params.latitude,
            longitude: b.params.longitude,
            radiusKm: b.params.radiusKm,
          },
          ctx,
        ),
      ];
    }),
    configOp(setPolicyNftMinter, 'policyNftMinter', (b) => ({ value: b.policyNftMinter })),
    configOp(setFloatMaster, 'floatMaster', (b) => ({ value: b.floatMaster })),
    configOp(setEventOracle, 'eventOracle', (b) => ({ value: b.eventOracle })),
    pauseOp(pause),
    unpauseOp(unpause),
    // A qualifying catastrophe triggers every active policy in range: one process_claim each.
    op(eventUpdate, (b, ctx) => {
      const claims = outsOf(ctx, processClaim);
      return [
        draft('CatastropheReported', {
          catastropheId: b.catastropheId,
          latitude: b.latitude,
          longitude: b.longitude,
          severity: b.severity,
          eventTime: b.eventTime,
          claimsTriggered: claims.length,
        }),
        ...claims.map((c) =>
          claimedByTrigger(
            c.body,
            { catastropheId: c.body.catastropheId, severity: c.body.severity },
            processClaim.op,
          ),
        ),
      ];
    }),
  ),
  outMessages: [
    outMessage(mintPolicyNft, 'policy NFT minter'),
    outMessage(floatPremium, 'float master (handles only 0x60)'),
    outMessage(registerPolicy, 'master factory'),
    outMessage(processClaim, 'master factory'),
  ],
  logs: new Map(),
  unemittedLogs: [
    unemitted(
      0x01,
      'PolicyCreated',
      'policy_id u64, user addr, asset_id u16, coverage coins, duration_hours u16, premium coins, lat i32, lon i32, radius u16, ts u32',
    ),
    unemitted(
      0x02,
      'CatastropheDetected',
      'event_id u32, lat i32, lon i32, severity u16, event_ts u32, asset_id u16',
    ),
    unemitted(
      0x03,
      'PolicyTriggered',
      'policy_id u64, user addr, event_id u32, severity u16, coverage coins',
    ),
    unemitted(0x04, 'DownstreamFailed', 'op u32, error u32, ts u32'),
    unemitted(0x05, 'NftMinterSet'),
    unemitted(0x06, 'FloatMasterSet'),
    unemitted(0x07, 'OracleSet'),
    unemitted(0x08, 'ChildPaused'),
    unemitted(0x09, 'ChildUnpaused'),
    unemitted(
      0x0a,
      'EventUpdated',
      'event_id u32, lat i32, lon i32, severity u16, event_ts u32, asset_id u16',
    ),
  ],
  getMethods: childGetMethods(
    [
      getMethod('get_float_master', [], 'slice'),
      getMethod('get_event_oracle', [], 'slice'),
      getMethod('get_trigger_thresholds'),
    ],
    ['coverage', 'hours'],
  ),
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'none that works (spec §1.3)',
};
