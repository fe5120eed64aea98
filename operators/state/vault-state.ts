/**
 * Vault state model (v2 `contracts/core/MultiTrancheVault.fc`, v3 `contracts/v3/vaults/MultiTrancheVault.fc`):
 * each canonical event is applied with the contract's own arithmetic, including its quirks — v2 rollbacks that
 * leave `total_capital` untouched, test-mode balances that overwrite instead of adding, v3 deposits priced with the
 * time curve while withdrawals use the plain NAV, the EQT 25 % yield cap.
 *
 * The reducer mutates the state it is given; `applyEvent` (apply-event.ts) hands it a private copy.
 */
import { mulDiv } from '../../schemas/reference/int-math.js';
import type { CanonicalEvent, CanonicalEventOf } from '../../schemas/events/canonical-event.js';
import type { TrancheState, VaultState } from '../../schemas/state/contract-state.js';
import { deleteEntry, setEntry } from './entry-journal.js';
import { DECIMALS, plainNav, tokensForDeposit, v3Nav } from './vault-math.js';

const CIRCUIT_BREAKER_WINDOW_SECONDS = 86_400;
/** Tranche ids in the order losses are absorbed: EQT first, BTC last. */
const LOSS_WATERFALL = [6, 5, 4, 3, 2, 1] as const;
const EQT = 6;

function trancheOf(state: VaultState, id: number): TrancheState | undefined {
  return state.tranches.find((t) => t.id === id);
}

/** NAV as `calculate_tranche_nav` computes it: plain for v2, time-curved for v3. */
export function vaultNav(state: VaultState, tranche: TrancheState, now: number): bigint {
  return state.generation === 'v3' ? v3Nav(tranche, now) : plainNav(tranche);
}

function deposit(state: VaultState, e: CanonicalEventOf<'DepositMade'>): void {
  const tranche = trancheOf(state, e.data.trancheId);
  if (!tranche) return;
  if (state.generation === 'v3' && tranche.firstDepositTime === null) tranche.firstDepositTime = e.utime;
  const nav = vaultNav(state, tranche, e.utime);
  // The mint message, when there is one, states the tokens the contract computed: it wins over our arithmetic.
  const tokens = e.data.tokens ?? tokensForDeposit(e.data.amount, nav) ?? 0n;
  tranche.capital += e.data.amount;
  state.totalCapital += e.data.amount;
  tranche.totalTokens += tokens;
  const production = e.data.txId !== null || !state.testMode;
  if (!production) {
    if (e.data.depositor !== null) {
      setEntry(state.depositorBalances, e.data.depositor, { trancheId: tranche.id, tokens, lockUntil: 0 });
    }
    return;
  }
  // v2 tx ids are (seq_no << 32) | now; v3 uses seq_no itself.
  const txId =
    e.data.txId ??
    (state.generation === 'v3' ? BigInt(state.seqNo) : (BigInt(state.seqNo) << 32n) | BigInt(e.utime >>> 0));
  state.seqNo += 1;
  setEntry(state.pendingTxs, txId.toString(), {
    txId,
    op: 'deposit',
    trancheId: tranche.id,
    user: e.data.depositor,
    tokens,
    amount: e.data.amount,
    retries: 0,
    createdAt: e.utime,
  });
}

function withdraw(state: VaultState, e: CanonicalEventOf<'WithdrawalMade'>): void {
  const tranche = trancheOf(state, e.data.trancheId);
  if (!tranche) return;
  // Both generations price withdrawals with the plain NAV.
  const nav = plainNav(tranche);
  const capitalToReturn = mulDiv(e.data.tokenAmount, nav, DECIMALS);
  tranche.capital -= capitalToReturn;
  state.totalCapital -= capitalToReturn;
  tranche.totalTokens -= e.data.tokenAmount;
  const who = e.data.withdrawer;
  const balance = who === null ? undefined : state.depositorBalances[who];
  if (who !== null && balance) {
    const remaining = balance.tokens - e.data.tokenAmount;
    if (remaining === 0n) deleteEntry(state.depositorBalances, who);
    else
      setEntry(state.depositorBalances, who, {
        trancheId: tranche.id,
        tokens: remaining,
        lockUntil: balance.lockUntil,
      });
  }
  const production = e.data.txId !== null || (!state.testMode && e.data.payout === null);
  if (!production) return;
  const txId =
    e.data.txId ??
    (state.generation === 'v3' ? BigInt(state.seqNo) : (BigInt(state.seqNo) << 32n) | BigInt(e.utime >>> 0));
  state.seqNo += 1;
  setEntry(state.pendingTxs, txId.toString(), {
    txId,
    op: 'withdraw',
    trancheId: tranche.id,
    user: who,
    tokens: e.data.tokenAmount,
    amount: capitalToReturn,
    retries: 0,
    createdAt: e.utime,
  });
}

function distributePremiums(state: VaultState, amount: bigint): void {
  state.accumulatedPremiums += amount;
  for (const tranche of state.tranches)
    tranche.accumulatedYield += mulDiv(amount, BigInt(tranche.allocationPercent), 100n);
}

function absorbLoss(state: VaultState, amount: bigint, utime: number): void {
  const initialCapital = state.totalCapital;
  if (initialCapital > 0n) {
    if (utime - state.circuitBreakerWindowStart > CIRCUIT_BREAKER_WINDOW_SECONDS) {
      state.circuitBreakerWindowStart = utime;
      state.circuitBreakerLosses = 0n;
    }
    // The contract throws above 10 % of capital; a successful transaction means it stayed within.
    state.circuitBreakerLosses += amount;
  }
  let remaining = amount;
  for (const id of LOSS_WATERFALL) {
    if (remaining === 0n) break;
    const tranche = trancheOf(state, id);
    if (!tranche || tranche.capital <= 0n) continue;
    const absorbed = remaining < tranche.capital ? remaining : tranche.capital;
    tranche.capital -= absorbed;
    remaining -= absorbed;
    state.totalCapital -= absorbed;
  }
  state.accumulatedLosses += amount;
}

function accrueYield(state: VaultState, perTranche: readonly bigint[]): void {
  for (let id = 1; id <= 5; id++) {
    const tranche = trancheOf(state, id);
    if (tranche) tranche.accumulatedYield += perTranche[id - 1] ?? 0n;
  }
  const eqt = trancheOf(state, EQT);
  if (!eqt) return;
  let newYield = eqt.accumulatedYield + (perTranche[EQT - 1] ?? 0n);
  const cap = mulDiv(eqt.capital, 25n, 100n);
  if (newYield > cap) {
    state.protocolEarnedCapital += newYield - cap;
    newYield = cap;
  }
  eqt.accumulatedYield = newYield;
}

function depositRolledBack(state: VaultState, e: CanonicalEventOf<'DepositRolledBack'>): void {
  const key = e.data.txId.toString();
  const pending = state.pendingTxs[key];
  const trancheId = e.data.trancheId ?? pending?.trancheId;
  const tranche = trancheId === undefined ? undefined : trancheOf(state, trancheId);
  if (tranche) {
    tranche.capital -= e.data.amount;
    tranche.totalTokens -= pending?.tokens ?? 0n;
    // v2 forgets to roll back total_capital; v3 does it.
    if (state.generation === 'v3') state.totalCapital -= e.data.amount;
  }
  const user = e.data.user ?? pending?.user ?? null;
  if (user !== null) deleteEntry(state.depositorBalances, user);
  deleteEntry(state.pendingTxs, key);
}

function withdrawalRolledBack(state: VaultState, e: CanonicalEventOf<'WithdrawalRolledBack'>): void {
  const key = e.data.txId.toString();
  const pending = state.pendingTxs[key];
  const trancheId = e.data.trancheId ?? pending?.trancheId;
  const tranche = trancheId === undefined ? undefined : trancheOf(state, trancheId);
  if (tranche) {
    // NAV before the restore, as the contract loads it.
    const nav = vaultNav(state, tranche, e.utime);
    const capitalAmount = mulDiv(e.data.tokenAmount, nav, DECIMALS);
    tranche.capital += capitalAmount;
    tranche.totalTokens += e.data.tokenAmount;
    if (state.generation === 'v2')
      tranche.accumulatedYield += (pending?.amount ?? capitalAmount) - capitalAmount;
    else state.totalCapital += capitalAmount;
  }
  const user = e.data.user ?? pending?.user ?? null;
  if (user !== null && trancheId !== undefined) {
    const balance = state.depositorBalances[user];
    setEntry(
      state.depositorBalances,
      user,
      balance
        ? { trancheId, tokens: balance.tokens + e.data.tokenAmount, lockUntil: balance.lockUntil }
        : { trancheId, tokens: e.data.tokenAmount, lockUntil: 0 },
    );
  }
  deleteEntry(state.pendingTxs, key);
}

/** Applies one event to a vault state (in place). Events that do not change a vault are ignored. */
export function applyVaultEvent(state: VaultState, event: CanonicalEvent): void {
  switch (event.type) {
    case 'DepositMade':
      return deposit(state, event);
    case 'WithdrawalMade':
      return withdraw(state, event);
    case 'PremiumsDistributed':
      return distributePremiums(state, event.data.amount);
    case 'LossAbsorbed':
      return absorbLoss(state, event.data.amount, event.utime);
    case 'YieldAccrued':
      if (event.data.perTranche.length > 0) accrueYield(state, event.data.perTranche);
      return;
    case 'DepositRolledBack':
      return depositRolledBack(state, event);
    case 'WithdrawalRolledBack':
      return withdrawalRolledBack(state, event);
    case 'MintBurnRetried': {
      const pending = state.pendingTxs[event.data.txId.toString()];
      if (pending)
        setEntry(state.pendingTxs, event.data.txId.toString(), {
          ...pending,
          retries: event.data.retryCount,
        });
      return;
    }
    case 'PendingTxConfirmed':
      deleteEntry(state.pendingTxs, event.data.txId.toString());
      return;
    case 'ConfigChanged':
      if (event.data.key === 'trancheToken' && event.data.index !== null) {
        const tranche = trancheOf(state, event.data.index);
        if (tranche) tranche.tokenAddress = event.data.value;
        return;
      }
      state.config[event.data.key] = event.data.value;
      return;
    default:
      return;
  }
}
