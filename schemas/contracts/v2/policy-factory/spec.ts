/** policy-factory-v2: `contracts/core/PolicyFactory.fc` (spec §3.3). No logs. */
import {
  configOp,
  draft,
  getMethod,
  noEffectOp,
  op,
  opMap,
  outMessage,
  pauseOp,
  unpauseOp,
} from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { createPolicyWithSignedPremium } from './create-policy-with-signed-premium.js';
import { markPolicyClaimed } from './mark-policy-claimed.js';
import { pause } from './pause.js';
import { premiumToTreasury } from './premium-to-treasury.js';
import { setClaimsProcessor } from './set-claims-processor.js';
import { setOraclePublicKey } from './set-oracle-public-key.js';
import { setTreasury } from './set-treasury.js';
import { unpause } from './unpause.js';

export const policyFactoryV2: ContractSpec = {
  kind: 'policy-factory-v2',
  generation: 'v2',
  title: 'PolicyFactory v2',
  source: 'contracts/core/PolicyFactory.fc',
  ops: opMap(
    // The factory is the only book of its policies, so its PolicyCreated is primary. The policy id is
    // next_policy_id from storage (not in any message): the state stage assigns it.
    op(createPolicyWithSignedPremium, (b, ctx) => {
      const q = b.quote.data;
      return [
        draft('PolicyCreated', {
          primary: true,
          policyId: null,
          user: q.user,
          coverageType: q.coverageType,
          chainId: q.chainId,
          stablecoinId: q.stablecoinId,
          productType: null,
          assetId: null,
          coverageAmount: q.coverageAmount,
          premium: q.premium,
          durationDays: q.durationDays,
          durationHours: null,
          startTime: ctx.utime,
          expiry: null,
          shardId: null,
          productHash: null,
          latitude: null,
          longitude: null,
          radiusKm: null,
        }),
      ];
    }),
    noEffectOp(markPolicyClaimed, 'mark_policy_claimed is a stub in PolicyFactory.fc (no state change)'),
    pauseOp(pause),
    unpauseOp(unpause),
    configOp(setTreasury, 'treasury', (b) => ({ value: b.treasury })),
    configOp(setClaimsProcessor, 'claimsProcessor', (b) => ({ value: b.claimsProcessor })),
    configOp(setOraclePublicKey, 'oraclePublicKey', (b) => ({
      value: b.publicKey.toString(16).padStart(64, '0'),
    })),
  ),
  outMessages: [outMessage(premiumToTreasury, 'treasury')],
  logs: new Map(),
  unemittedLogs: [],
  getMethods: [getMethod('get_next_policy_id')],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'bounced premium to the treasury is re-sent up to 5 times',
};
