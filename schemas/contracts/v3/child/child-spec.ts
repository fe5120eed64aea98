/**
 * v3 product children (spec §5.4–5.6). A child issues and holds its policies, so its PolicyCreated is the
 * primary one; the policy id, expiry and premium are not in the request but in the messages the child sends
 * in the same transaction (NFT mint, register/escrow, premium), so they are read from there.
 */
import type { EventDraft } from '../../../events/canonical-event.js';
import {
  configOp,
  draft,
  getMethod,
  op,
  opMap,
  outMessage,
  outsOf,
  pauseOp,
  unemitted,
  unpauseOp,
} from '../../spec.js';
import type {
  ContractSpec,
  DecodeContext,
  GetMethodSpec,
  InboundOpSpec,
  OutMessageSpec,
  UnemittedLogSpec,
} from '../../spec.js';
import type { ContractKind } from '../../kinds.js';
import type { MessageCodec } from '../../common/codec.js';
import { assetPremium } from './asset-premium.js';
import { createEscrow } from './create-escrow.js';
import { createPolicyFromFactory } from './create-policy-from-factory.js';
import { mintPolicyNft } from './mint-policy-nft.js';
import { pause } from './pause.js';
import { setMonitor } from './set-monitor.js';
import { setPolicyNftMinter } from './set-policy-nft-minter.js';
import { setVault } from './set-vault.js';
import { unpause } from './unpause.js';

export interface IssuedPolicy {
  policyId: bigint | null;
  productType: number | null;
  assetId: number | null;
  user: string | null;
  coverageAmount: bigint;
  premium: bigint | null;
  durationDays: number | null;
  durationHours: number | null;
  expiry: number | null;
  latitude?: number | null;
  longitude?: number | null;
  radiusKm?: number | null;
}

export function policyCreated(p: IssuedPolicy, ctx: DecodeContext): EventDraft {
  return draft('PolicyCreated', {
    primary: true,
    policyId: p.policyId,
    user: p.user,
    coverageType: null,
    chainId: null,
    stablecoinId: null,
    productType: p.productType,
    assetId: p.assetId,
    coverageAmount: p.coverageAmount,
    premium: p.premium,
    durationDays: p.durationDays,
    durationHours: p.durationHours,
    startTime: ctx.utime,
    expiry: p.expiry,
    shardId: null,
    productHash: null,
    latitude: p.latitude ?? null,
    longitude: p.longitude ?? null,
    radiusKm: p.radiusKm ?? null,
  });
}

/** A policy the child sent to the master factory as process_claim (its trigger fired in this transaction). */
export function claimedByTrigger(
  c: { policyId: bigint; productType: number; assetId: number; user: string | null; coverageAmount: bigint },
  extra: { triggerPrice?: number; triggerTime?: number; catastropheId?: number; severity?: number },
  outOp: number,
): EventDraft {
  return draft(
    'PolicyClaimed',
    {
      policyId: c.policyId,
      user: c.user,
      coverageType: null,
      chainId: null,
      stablecoinId: null,
      productType: c.productType,
      assetId: c.assetId,
      coverageAmount: c.coverageAmount,
      shardId: null,
      triggerPrice: extra.triggerPrice ?? null,
      triggerTime: extra.triggerTime ?? null,
      catastropheId: extra.catastropheId ?? null,
      severity: extra.severity ?? null,
    },
    'out-message',
    { op: outOp },
  );
}

export function childGetMethods(extra: GetMethodSpec[], quoteArgs: string[]): GetMethodSpec[] {
  return [
    getMethod('get_parent_factory', [], 'slice'),
    getMethod('get_master_factory', [], 'slice'),
    getMethod('get_product_type'),
    getMethod('get_asset_id'),
    getMethod('get_policy_nft_minter', [], 'slice'),
    getMethod('get_next_policy_id'),
    getMethod('get_total_policies'),
    getMethod('get_total_coverage'),
    getMethod('get_paused'),
    getMethod('get_policy', ['policy_id'], 'policy tuple'),
    getMethod('get_premium_quote', quoteArgs),
    getMethod('get_version'),
    ...extra,
  ];
}

const COMMON_CHILD_LOGS: UnemittedLogSpec[] = [
  unemitted(
    0x01,
    'PolicyCreated',
    'policy_id u64, user addr, asset_id u16, coverage coins, duration_days u16, premium coins, ts u32',
  ),
  unemitted(0x02, 'DownstreamFailed', 'op u32, error u32'),
  unemitted(0x03, 'NftMinterSet'),
  unemitted(0x04, 'VaultSet'),
  unemitted(0x05, 'MonitorSet'),
  unemitted(0x06, 'ChildPaused'),
  unemitted(0x07, 'ChildUnpaused'),
];

/**
 * Bridge, Oracle and Protocol children: same skeleton, different NFT / escrow / premium payloads.
 * `nftCodec`, `escrowCodec`, `premiumCodec` are the out-message layouts of the concrete child.
 */
export function monitoredChild(opts: {
  kind: ContractKind;
  title: string;
  source: string;
  monitorGetter: string;
  thresholdGetter: string;
  nftCodec: MessageCodec<{
    policyId: bigint;
    productType: number;
    assetId: number;
    user: string | null;
    expiry: number;
  }>;
  escrowCodec: MessageCodec<{ policyId: bigint; expiry: number }>;
  premiumCodec: MessageCodec<{ premium: bigint }>;
}): ContractSpec {
  const create: InboundOpSpec = op(createPolicyFromFactory, (b, ctx) => {
    const nft = outsOf(ctx, opts.nftCodec)[0]?.body;
    const escrow = outsOf(ctx, opts.escrowCodec)[0]?.body;
    const premium = outsOf(ctx, opts.premiumCodec)[0]?.body;
    return [
      policyCreated(
        {
          policyId: nft?.policyId ?? escrow?.policyId ?? null,
          productType: nft?.productType ?? null,
          assetId: nft?.assetId ?? null,
          user: b.user,
          coverageAmount: b.params.coverageAmount,
          premium: premium?.premium ?? null,
          durationDays: b.params.durationDays,
          durationHours: null,
          expiry: nft?.expiry ?? escrow?.expiry ?? null,
        },
        ctx,
      ),
    ];
  });
  const outMessages: OutMessageSpec[] = [
    outMessage(opts.nftCodec, 'policy NFT minter'),
    outMessage(opts.escrowCodec, 'vault address (create_escrow; the vault does not handle it)'),
    outMessage(opts.premiumCodec, 'vault address (premium; the vault does not handle it)'),
  ];
  return {
    kind: opts.kind,
    generation: 'v3',
    title: opts.title,
    source: opts.source,
    ops: opMap(
      create,
      configOp(setPolicyNftMinter, 'policyNftMinter', (b) => ({ value: b.policyNftMinter })),
      configOp(setVault, 'vault', (b) => ({ value: b.vault })),
      configOp(setMonitor, 'monitor', (b) => ({ value: b.monitor })),
      pauseOp(pause),
      unpauseOp(unpause),
    ),
    outMessages,
    logs: new Map(),
    unemittedLogs: COMMON_CHILD_LOGS,
    getMethods: childGetMethods(
      [
        getMethod('get_vault', [], 'slice'),
        getMethod(opts.monitorGetter, [], 'slice'),
        getMethod(opts.thresholdGetter),
      ],
      ['coverage', 'days'],
    ),
    emptyBody: () => [],
    unknownOp: 'throws',
    bounceHandling: 'none that works (bounce bodies lack the payload, spec §1.3)',
  };
}

export { assetPremium, createEscrow, mintPolicyNft };
