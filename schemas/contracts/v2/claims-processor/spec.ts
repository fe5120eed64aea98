/** claims-processor-v2: `contracts/core/ClaimsProcessor.fc` (spec §3.6). No logs, no get-methods. */
import { configOp, draft, op, opMap, outMessage, unhandledOp } from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { fileClaim } from './file-claim.js';
import { receiveVerification } from './receive-verification.js';
import { setOracleAdapter } from './set-oracle-adapter.js';
import { verifyClaimRequest } from './verify-claim-request.js';

export const claimsProcessorV2: ContractSpec = {
  kind: 'claims-processor-v2',
  generation: 'v2',
  title: 'ClaimsProcessor v2',
  source: 'contracts/core/ClaimsProcessor.fc',
  ops: opMap(
    op(fileClaim, (b, ctx) => [
      draft('ClaimFiled', {
        policyId: b.policyId,
        claimant: ctx.sender,
        coverageType: b.coverageType,
        chainId: b.chainId,
        stablecoinId: b.stablecoinId,
        productType: null,
        assetId: null,
        coverageAmount: b.coverageAmount,
      }),
    ]),
    configOp(setOracleAdapter, 'oracleAdapter', (b) => ({ value: b.adapter, index: b.chainId })),
    op(receiveVerification, (b) => [draft('ClaimVerified', { claimId: b.claimId, valid: b.isValid })]),
    unhandledOp(
      0x02,
      'declared_op_0x02',
      'declared in ClaimsProcessor.fc but not handled; accepted without effect',
    ),
    unhandledOp(
      0x03,
      'declared_op_0x03',
      'declared in ClaimsProcessor.fc but not handled; accepted without effect',
    ),
    unhandledOp(
      0x10,
      'declared_op_0x10',
      'declared in ClaimsProcessor.fc but not handled; accepted without effect',
    ),
  ),
  outMessages: [outMessage(verifyClaimRequest, 'oracle adapter of the chain')],
  logs: new Map(),
  unemittedLogs: [],
  getMethods: [],
  emptyBody: () => [],
  unknownOp: 'accepts',
  bounceHandling: 'none',
};
