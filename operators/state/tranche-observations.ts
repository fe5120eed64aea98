/**
 * Per-tranche derived metrics (DESIGN §4) as a stream: every vault state change, and every change of the active
 * coverage of the vault's generation, yields one observation per affected tranche with its closing values (capital,
 * yield, tokens, NAV), the allocated coverage (active coverage × allocation %), utilization, curve APY,
 * collateralization, available capacity, and what the event moved (deposit, withdrawal, premium, loss).
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { Generation } from '../../schemas/contracts/kinds.js';
import { defaultReferenceData, trancheNameById, type ReferenceData } from '../../schemas/reference/index.js';
import type { TrancheState, VaultState } from '../../schemas/state/contract-state.js';
import { allocatedCoverage } from '../metrics/allocated-coverage.js';
import { availableCapacity } from '../metrics/capacity.js';
import { collateralizationBps } from '../metrics/collateralization.js';
import { trancheApyBps } from '../metrics/tranche-apy.js';
import { utilizationBps, utilizationFixed9 } from '../metrics/utilization.js';
import type { StateChange } from './contract-state-store.js';
import { vaultNav } from './vault-state.js';

export interface CoverageLevel {
  type: 'coverage';
  generation: Generation;
  activeCoverage: bigint;
  utime: number;
  lt: string;
}

export type TrancheInput = { type: 'state'; change: StateChange } | CoverageLevel;

export interface TrancheObservation {
  utime: number;
  lt: string;
  vault: string;
  generation: Generation;
  trancheId: number;
  trancheName: string;
  capital: bigint;
  accumulatedYield: bigint;
  totalTokens: bigint;
  nav: bigint;
  allocationPercent: number;
  allocatedCoverage: bigint;
  utilizationBps: number;
  apyBps: number | null;
  /** null = no coverage (infinitely collateralized). */
  collateralizationBps: number | null;
  availableCapacity: bigint;
  deposit: bigint;
  withdrawal: bigint;
  premium: bigint;
  loss: bigint;
}

export interface TrancheObservationOptions {
  reference?: ReferenceData;
  /** Utilization cap for available capacity (default: reference thresholds, 95 %). */
  maxUtilizationBps?: number;
}

function observe(
  vault: VaultState,
  t: TrancheState,
  coverage: bigint,
  at: { utime: number; lt: string },
  moved: Pick<TrancheObservation, 'deposit' | 'withdrawal' | 'premium' | 'loss'>,
  ref: ReferenceData,
  maxUtilizationBps: number,
): TrancheObservation {
  const allocated = allocatedCoverage(coverage, t.allocationPercent);
  const collateralization = collateralizationBps(t.capital, allocated);
  return {
    utime: at.utime,
    lt: at.lt,
    vault: vault.address,
    generation: vault.generation,
    trancheId: t.id,
    trancheName: trancheNameById(ref, t.id)?.name ?? `#${t.id}`,
    capital: t.capital,
    accumulatedYield: t.accumulatedYield,
    totalTokens: t.totalTokens,
    nav: vaultNav(vault, t, at.utime),
    allocationPercent: t.allocationPercent,
    allocatedCoverage: allocated,
    utilizationBps: Number(utilizationBps(allocated, t.capital)),
    apyBps: trancheApyBps(t, utilizationFixed9(allocated, t.capital)),
    collateralizationBps: collateralization === null ? null : Number(collateralization),
    availableCapacity: availableCapacity(t.capital, allocated, maxUtilizationBps),
    ...moved,
  };
}

function movedBy(change: StateChange, before: TrancheState | undefined, after: TrancheState) {
  const e = change.event;
  const zero = { deposit: 0n, withdrawal: 0n, premium: 0n, loss: 0n };
  if (!before) return zero;
  switch (e.type) {
    case 'DepositMade':
      return e.data.trancheId === after.id ? { ...zero, deposit: e.data.amount } : zero;
    case 'WithdrawalMade':
      return e.data.trancheId === after.id ? { ...zero, withdrawal: before.capital - after.capital } : zero;
    case 'PremiumsDistributed':
    case 'YieldAccrued':
      return { ...zero, premium: after.accumulatedYield - before.accumulatedYield };
    case 'LossAbsorbed':
      return { ...zero, loss: before.capital - after.capital };
    default:
      return zero;
  }
}

function sameTranche(a: TrancheState | undefined, b: TrancheState): boolean {
  return (
    !!a &&
    a.capital === b.capital &&
    a.accumulatedYield === b.accumulatedYield &&
    a.totalTokens === b.totalTokens &&
    a.allocationPercent === b.allocationPercent
  );
}

export function trancheObservations(
  options: TrancheObservationOptions = {},
): OperatorFunction<TrancheInput, TrancheObservation> {
  const ref = options.reference ?? defaultReferenceData();
  const maxUtil = options.maxUtilizationBps ?? ref.thresholds.maxUtilizationBps;
  return (source) =>
    new Observable<TrancheObservation>((subscriber) => {
      const vaults = new Map<string, VaultState>();
      const coverage: Record<Generation, bigint> = { v2: 0n, v3: 0n };
      const sub = source.subscribe({
        next: (input) => {
          if (input.type === 'coverage') {
            if (coverage[input.generation] === input.activeCoverage) return;
            coverage[input.generation] = input.activeCoverage;
            for (const vault of [...vaults.values()].filter((v) => v.generation === input.generation)) {
              for (const t of vault.tranches) {
                subscriber.next(
                  observe(
                    vault,
                    t,
                    input.activeCoverage,
                    input,
                    { deposit: 0n, withdrawal: 0n, premium: 0n, loss: 0n },
                    ref,
                    maxUtil,
                  ),
                );
              }
            }
            return;
          }
          const { change } = input;
          if (change.after.family !== 'vault') return;
          const vault = change.after;
          const previous = change.before.family === 'vault' ? change.before : undefined;
          vaults.set(vault.address, vault);
          for (const t of vault.tranches) {
            const before = previous?.tranches.find((x) => x.id === t.id);
            const moved = movedBy(change, before, t);
            const touched = !sameTranche(before, t) || moved.deposit !== 0n || moved.withdrawal !== 0n;
            if (!touched) continue;
            subscriber.next(observe(vault, t, coverage[vault.generation], change.event, moved, ref, maxUtil));
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => sub.unsubscribe();
    });
}
