/** tranche-token-v2: `contracts/tranches/SURE_{BTC,SNR,MEZZ,JNR,JNR_PLUS,EQT}.fc` (spec §3.2). */
import { configOp, draft, getMethod, logMap, logSpec, op, opMap, outMessage, takeLog } from '../../spec.js';
import type { ContractSpec } from '../../spec.js';
import { burn } from './burn.js';
import { burnNotification } from './burn-notification.js';
import { burnedLog } from './burned-log.js';
import { internalTransfer } from './internal-transfer.js';
import { mint } from './mint.js';
import { mintedLog } from './minted-log.js';
import { setVaultAddress } from './set-vault-address.js';
import { toggleMintable } from './toggle-mintable.js';

const holder = ['address'];

export const trancheTokenV2: ContractSpec = {
  kind: 'tranche-token-v2',
  generation: 'v2',
  title: 'Tranche LP token (SURE-*) v2',
  source: 'contracts/tranches/SURE_*.fc',
  ops: opMap(
    op(mint, (b, ctx) => {
      const log = takeLog(ctx, mintedLog);
      return [
        draft(
          'TokensMinted',
          {
            to: b.to,
            amount: b.amount,
            unlockTime: log?.unlockTime ?? null,
            totalSupply: log?.totalSupply ?? null,
            queryId: b.queryId,
          },
          'in-message',
          { logId: log ? mintedLog.id : null },
        ),
      ];
    }),
    op(burn, (b, ctx) => {
      const log = takeLog(ctx, burnedLog);
      return [
        draft(
          'TokensBurned',
          { from: b.from, amount: b.amount, totalSupply: log?.totalSupply ?? null, queryId: b.queryId },
          'in-message',
          {
            logId: log ? burnedLog.id : null,
          },
        ),
      ];
    }),
    configOp(setVaultAddress, 'vault', (b) => ({ value: b.vault })),
    // The new flag value is in storage only; the event records the toggle.
    configOp(toggleMintable, 'mintableToggled', () => ({ value: null })),
  ),
  outMessages: [
    outMessage(internalTransfer, 'holder jetton wallet'),
    outMessage(burnNotification, 'response address (user)'),
  ],
  logs: logMap(
    logSpec(mintedLog, (p) => [
      draft(
        'TokensMinted',
        { to: p.to, amount: p.amount, unlockTime: p.unlockTime, totalSupply: p.totalSupply, queryId: null },
        'log',
        {
          logId: mintedLog.id,
        },
      ),
    ]),
    logSpec(burnedLog, (p) => [
      draft(
        'TokensBurned',
        { from: p.from, amount: p.amount, totalSupply: p.totalSupply, queryId: null },
        'log',
        { logId: burnedLog.id },
      ),
    ]),
  ),
  unemittedLogs: [],
  getMethods: [
    getMethod('get_jetton_data', [], '(total_supply, mintable, admin, content, wallet_code)'),
    getMethod('get_wallet_address', holder, 'slice'),
    getMethod('get_vault_address', [], 'slice'),
    getMethod('get_total_supply'),
    getMethod('get_unlock_time', holder),
    getMethod('is_unlocked', holder, 'int (-1 if no stake)'),
    getMethod('get_lock_period'),
  ],
  emptyBody: () => [],
  unknownOp: 'throws',
  bounceHandling: 'none',
};
