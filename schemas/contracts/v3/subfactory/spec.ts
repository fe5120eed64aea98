/**
 * The five v3 product sub-factories share one storage layout and one set of ops
 * (`contracts/v3/factories/*.fc`, spec §5.3); they differ in product type and their "supported" getter.
 */
import {
  configOp,
  draft,
  firstOut,
  getMethod,
  op,
  opMap,
  outMessage,
  pauseOp,
  unemitted,
  unpauseOp,
} from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import type { ContractKind } from '../../kinds.js';
import { createPolicyFromFactory } from './create-policy-from-factory.js';
import { createPolicyFromMaster } from './create-policy-from-master.js';
import { pause } from './pause.js';
import { registerChild } from './register-child.js';
import { setChildCode } from './set-child-code.js';
import { unpause } from './unpause.js';

function subFactory(
  kind: ContractKind,
  title: string,
  source: string,
  productType: number,
  supportedGetter: string,
): ContractSpec {
  return {
    kind,
    generation: 'v3',
    title,
    source,
    ops: opMap(
      op(createPolicyFromMaster, (b, ctx) => {
        const out = firstOut(ctx, createPolicyFromFactory);
        return [
          draft('PolicyForwarded', {
            user: b.user,
            productType,
            assetId: b.assetId,
            child: out?.dest ?? null,
            childDeployed: ctx.outs.some((o) => o.hasStateInit),
          }),
        ];
      }),
      configOp(registerChild, 'child', (b) => ({ value: b.child, index: b.assetId })),
      configOp(setChildCode, 'childCodeHash', (b) => ({ value: b.code.hash, index: b.assetId })),
      pauseOp(pause),
      unpauseOp(unpause),
    ),
    outMessages: [outMessage(createPolicyFromFactory, 'product child of the asset')],
    logs: new Map(),
    unemittedLogs: [
      unemitted(0x01, 'ChildDeployed', 'asset_id u16, child addr, ts u32'),
      unemitted(0x02, 'PolicyForwarded', 'user addr, asset_id u16, ts u32'),
      unemitted(0x03, 'PolicyFailed', 'user addr, error u32'),
      unemitted(0x04, 'ChildRegistered', '{asset_id u32, ts u32}'),
      unemitted(0x05, 'ChildCodeSet', '{asset_id u32, ts u32}'),
      unemitted(0x06, 'FactoryPaused'),
      unemitted(0x07, 'FactoryUnpaused'),
    ],
    getMethods: [
      getMethod('get_master_factory', [], 'slice'),
      getMethod('get_product_type'),
      getMethod('get_child', ['asset_id'], 'slice (empty if none)'),
      getMethod('has_child', ['asset_id']),
      getMethod('get_total_children'),
      getMethod('get_total_policies'),
      getMethod('get_paused'),
      getMethod(supportedGetter, [], 'bitmask'),
      getMethod('get_version'),
    ],
    emptyBody: () => [],
    unknownOp: 'throws',
    bounceHandling: 'bounced 0x40: refund attempt + event 0x03 (never on chain)',
  };
}

export const depegSubFactoryV3 = subFactory(
  'depeg-subfactory-v3',
  'DepegSubFactory v3',
  'contracts/v3/factories/DepegSubFactory.fc',
  1,
  'get_supported_stablecoins',
);
export const bridgeSubFactoryV3 = subFactory(
  'bridge-subfactory-v3',
  'BridgeSubFactory v3',
  'contracts/v3/factories/BridgeSubFactory.fc',
  2,
  'get_supported_bridges',
);
export const oracleSubFactoryV3 = subFactory(
  'oracle-subfactory-v3',
  'OracleSubFactory v3',
  'contracts/v3/factories/OracleSubFactory.fc',
  3,
  'get_supported_oracles',
);
export const contractSubFactoryV3 = subFactory(
  'contract-subfactory-v3',
  'ContractSubFactory v3',
  'contracts/v3/factories/ContractSubFactory.fc',
  4,
  'get_supported_protocols',
);
export const natcatSubFactoryV3 = subFactory(
  'natcat-subfactory-v3',
  'TradFiNatCatFactory v3',
  'contracts/v3/factories/TradFiNatCatFactory.fc',
  5,
  'get_supported_catastrophes',
);
