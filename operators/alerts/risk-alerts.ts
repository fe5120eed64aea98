/**
 * Risk alerts (DESIGN §4) from tranche observations and canonical events: tranche utilization above 90 %,
 * tranche collateralization below 110 % (thresholds from the reference data unless configured), and policies or
 * payouts above a configurable TON amount. Condition alerts emit on the transition only (open, resolve).
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { defaultReferenceData, type ReferenceData } from '../../schemas/reference/index.js';
import type { Alert, AlertRule, AlertSeverity, AlertSubject } from '../../schemas/state/alert.js';
import type { TrancheObservation } from '../state/tranche-observations.js';

export type AlertInput =
  { type: 'tranche'; observation: TrancheObservation } | { type: 'event'; event: CanonicalEvent };

export interface RiskAlertOptions {
  reference?: ReferenceData;
  highUtilizationBps?: number;
  minCollateralizationBps?: number;
  /** High-value policy coverage, nanoTON (default: reference thresholds). */
  highValuePolicy?: bigint;
  /** High-value payout, nanoTON (default: reference thresholds). */
  highValuePayout?: bigint;
}

const NANO = 1_000_000_000n;

/** nanoTON from a TON amount given as a decimal string or number (config values are in TON). */
export function tonToNano(ton: string | number): bigint {
  const [whole, frac = ''] = String(ton).trim().split('.');
  if (!/^\d+$/.test(whole ?? '') || !/^\d*$/.test(frac) || frac.length > 9)
    throw new RangeError(`"${ton}" is not a TON amount`);
  return BigInt(whole!) * NANO + BigInt(frac.padEnd(9, '0'));
}

export function riskAlerts(options: RiskAlertOptions = {}): OperatorFunction<AlertInput, Alert> {
  const ref = options.reference ?? defaultReferenceData();
  const highUtil = options.highUtilizationBps ?? ref.thresholds.highUtilizationBps;
  const minCollat = options.minCollateralizationBps ?? ref.thresholds.minCollateralizationBps;
  const highPolicy = options.highValuePolicy ?? ref.thresholds.highValuePolicyCoverage;
  const highPayout = options.highValuePayout ?? ref.thresholds.highValuePayoutAmount;
  return (source) =>
    new Observable<Alert>((subscriber) => {
      const open = new Map<string, Alert>();

      const condition = (
        rule: AlertRule,
        severity: AlertSeverity,
        subject: AlertSubject,
        breached: boolean,
        value: string,
        threshold: string,
        at: { utime: number; lt: string },
        message: string,
      ): void => {
        const key = `${rule}:${subject.id}`;
        const current = open.get(key);
        if (breached && !current) {
          const alert: Alert = {
            alertId: `${key}:${at.lt}`,
            rule,
            severity,
            subject,
            state: 'open',
            value,
            threshold,
            openedAt: at.utime,
            resolvedAt: null,
            lt: at.lt,
            message,
          };
          open.set(key, alert);
          subscriber.next(alert);
        } else if (!breached && current) {
          open.delete(key);
          subscriber.next({ ...current, state: 'resolved', value, resolvedAt: at.utime, lt: at.lt });
        }
      };

      const sub = source.subscribe({
        next: (input) => {
          if (input.type === 'tranche') {
            const o = input.observation;
            const subject: AlertSubject = {
              type: 'tranche',
              id: `${o.vault}#${o.trancheId}`,
              contract: o.vault,
              trancheId: o.trancheId,
              productKey: null,
            };
            condition(
              'utilization-high',
              'warning',
              subject,
              o.utilizationBps > highUtil,
              String(o.utilizationBps),
              String(highUtil),
              o,
              `${o.trancheName} utilization ${o.utilizationBps} bps above ${highUtil} bps`,
            );
            condition(
              'collateralization-low',
              'critical',
              subject,
              o.collateralizationBps !== null && o.collateralizationBps < minCollat,
              String(o.collateralizationBps ?? 'inf'),
              String(minCollat),
              o,
              `${o.trancheName} collateralization ${o.collateralizationBps ?? 'inf'} bps below ${minCollat} bps`,
            );
            return;
          }
          const e = input.event;
          const instant = (
            rule: AlertRule,
            subject: AlertSubject,
            value: bigint,
            threshold: bigint,
            message: string,
          ): void =>
            subscriber.next({
              alertId: `${rule}:${e.eventId}`,
              rule,
              severity: 'info',
              subject,
              state: 'open',
              value: value.toString(),
              threshold: threshold.toString(),
              openedAt: e.utime,
              resolvedAt: null,
              lt: e.lt,
              message,
            });
          if (e.type === 'PolicyCreated' && e.data.primary && e.data.coverageAmount > highPolicy) {
            const id = e.data.policyId === null ? e.eventId : `${e.stateOwner}:${e.data.policyId}`;
            instant(
              'high-value-policy',
              { type: 'policy', id, contract: e.stateOwner, trancheId: null, productKey: null },
              e.data.coverageAmount,
              highPolicy,
              `policy coverage ${e.data.coverageAmount} nanoTON above ${highPolicy}`,
            );
          } else if (e.type === 'PayoutExecuted' && e.data.amount > highPayout) {
            instant(
              'high-value-payout',
              {
                type: 'contract',
                id: e.stateOwner,
                contract: e.stateOwner,
                trancheId: null,
                productKey: null,
              },
              e.data.amount,
              highPayout,
              `payout ${e.data.amount} nanoTON above ${highPayout}`,
            );
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => sub.unsubscribe();
    });
}
