/** stablecoin-child-v3: `contracts/v3/children/StablecoinChild.fc` (spec §5.4). */
import { childGetMethods, claimedByTrigger, policyCreated } from '../child/child-spec.js';
import { createPolicyFromFactory } from '../child/create-policy-from-factory.js';
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
import { floatPremium } from './float-premium.js';
import { mintPolicyNft } from './mint-policy-nft.js';
import { oraclePriceUpdate } from './oracle-price-update.js';
import { processClaim } from './process-claim.js';
import { registerPolicy } from './register-policy.js';
import { setFloatMaster } from './set-float-master.js';
import { setPriceOracle } from './set-price-oracle.js';

export const stablecoinChildV3: ContractSpec = {
  kind: 'stablecoin-child-v3',
  generation: 'v3',
  title: 'StablecoinChild v3',
  source: 'contracts/v3/children/StablecoinChild.fc',
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
            durationDays: b.params.durationDays,
            durationHours: null,
            expiry: nft?.expiry ?? reg?.expiry ?? null,
          },
          ctx,
        ),
      ];
    }),
    configOp(setPolicyNftMinter, 'policyNftMinter', (b) => ({ value: b.policyNftMinter })),
    configOp(setFloatMaster, 'floatMaster', (b) => ({ value: b.floatMaster })),
    configOp(setPriceOracle, 'priceOracle', (b) => ({ value: b.priceOracle })),
    pauseOp(pause),
    unpauseOp(unpause),
    // A price below $0.98 held for an hour triggers every active policy: one process_claim each.
    op(oraclePriceUpdate, (b, ctx) => {
      const claims = outsOf(ctx, processClaim);
      return [
        draft('OraclePriceUpdated', {
          price: b.price,
          oracleTime: b.oracleTime,
          claimsTriggered: claims.length,
        }),
        ...claims.map((c) =>
          claimedByTrigger(
            c.body,
            { triggerPrice: c.body.triggerPrice, triggerTime: c.body.triggerTime },
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
      'policy_id u64, user addr, asset_id u16, coverage coins, duration_days u16, premium coins, ts u32',
    ),
    unemitted(0x02, 'DepegDetected', 'price u32, oracle_ts u32, asset_id u16'),
    unemitted(0x03, 'DepegRecovered', 'price u32, oracle_ts u32, duration u32'),
    unemitted(0x04, 'PolicyTriggered', 'policy_id u64, user addr, trigger_price u32, coverage coins'),
    unemitted(0x05, 'DownstreamFailed', 'op u32, error u32, ts u32'),
    unemitted(0x06, 'NftMinterSet'),
    unemitted(0x07, 'FloatMasterSet'),
    unemitted(0x08, 'OracleSet'),
    unemitted(0x09, 'ChildPaused'),
    unemitted(0x0a, 'ChildUnpaused'),
    unemitted(0x0b, 'OraclePriceUpdated', 'price u32, oracle_ts u32, asset_id u16'),
  ],
  getMethods: childGetMethods(
    [
      getMethod('get_float_master', [], 'slice'),
      getMethod('get_price_oracle', [], 'slice'),
      getMethod('get_depeg_trigger_params', [], '(980000, 3600)'),
    ],
    ['coverage', 'days'],
  ),
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'none that works (spec §1.3)',
};
