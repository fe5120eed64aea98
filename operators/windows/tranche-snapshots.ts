/**
 * Tranche observations → `TrancheSnapshotRow`s per event-time window and (vault, tranche): closing values of the
 * window's last observation and the deposits, withdrawals, premiums and losses inside it.
 */
import type { OperatorFunction } from 'rxjs';
import type { TrancheSnapshotRow } from '../../schemas/state/window-rows.js';
import type { TrancheObservation } from '../state/tranche-observations.js';
import { tumblingWindow, type WindowBounds, type WindowSpec } from './tumbling-window.js';

interface TrancheWindowAcc {
  last: TrancheObservation;
  deposits: bigint;
  withdrawals: bigint;
  premiums: bigint;
  losses: bigint;
  depositCount: number;
  withdrawalCount: number;
}

export interface SnapshotWindowOptions {
  windows?: readonly WindowSpec[];
  allowedLatenessSeconds?: number;
  retentionSeconds?: number;
  flushOnComplete?: boolean;
  /** An observation left out of a window dropped after retention. */
  onDropped?: (window: WindowBounds) => void;
}

function later(a: TrancheObservation, b: TrancheObservation): TrancheObservation {
  return BigInt(b.lt) >= BigInt(a.lt) ? b : a;
}

export function trancheSnapshotWindows(
  options: SnapshotWindowOptions = {},
): OperatorFunction<TrancheObservation, TrancheSnapshotRow> {
  return tumblingWindow<TrancheObservation, TrancheWindowAcc, TrancheSnapshotRow>({
    ...options,
    onDropped: (_o, w) => options.onDropped?.(w),
    eventTime: (o) => o.utime,
    keys: (o) => [`${o.vault}|${o.trancheId}`],
    init: (_key, o) => ({
      last: o,
      deposits: 0n,
      withdrawals: 0n,
      premiums: 0n,
      losses: 0n,
      depositCount: 0,
      withdrawalCount: 0,
    }),
    accumulate: (acc, o) => ({
      // Closing values follow chain order (lt), whatever order late events arrive in.
      last: later(acc.last, o),
      deposits: acc.deposits + o.deposit,
      withdrawals: acc.withdrawals + o.withdrawal,
      premiums: acc.premiums + o.premium,
      losses: acc.losses + o.loss,
      depositCount: acc.depositCount + (o.deposit > 0n ? 1 : 0),
      withdrawalCount: acc.withdrawalCount + (o.withdrawal > 0n ? 1 : 0),
    }),
    emit: (acc, w) => ({
      windowSize: w.size,
      windowStart: w.start,
      windowEnd: w.end,
      vault: acc.last.vault,
      generation: acc.last.generation,
      trancheId: acc.last.trancheId,
      trancheName: acc.last.trancheName,
      capital: acc.last.capital,
      accumulatedYield: acc.last.accumulatedYield,
      totalTokens: acc.last.totalTokens,
      nav: acc.last.nav,
      allocatedCoverage: acc.last.allocatedCoverage,
      utilizationBps: acc.last.utilizationBps,
      apyBps: acc.last.apyBps,
      deposits: acc.deposits,
      withdrawals: acc.withdrawals,
      premiums: acc.premiums,
      losses: acc.losses,
      depositCount: acc.depositCount,
      withdrawalCount: acc.withdrawalCount,
      version: w.version,
      lastLt: acc.last.lt,
    }),
  });
}
