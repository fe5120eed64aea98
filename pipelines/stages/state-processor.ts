import { Subject, share } from 'rxjs';
import { riskAlerts, type AlertInput, type RiskAlertOptions } from '../../operators/alerts/risk-alerts.js';
import { activeCoverage, type ExposureObservation } from '../../operators/state/active-coverage.js';
import { ContractStateStore, type StateChange } from '../../operators/state/contract-state-store.js';
import { policyExpiryTimer } from '../../operators/state/policy-expiry.js';
import {
  trancheObservations,
  type TrancheInput,
  type TrancheObservation,
} from '../../operators/state/tranche-observations.js';
import { exposureSnapshotWindows } from '../../operators/windows/exposure-snapshots.js';
import { trancheSnapshotWindows } from '../../operators/windows/tranche-snapshots.js';
import { parseWindowSize } from '../../operators/windows/tumbling-window.js';
import type { ContractMap } from '../../schemas/contracts/contract-map.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import type { ReferenceData } from '../../schemas/reference/index.js';
import type { Alert } from '../../schemas/state/alert.js';
import type { ExposureSnapshotRow, TrancheSnapshotRow } from '../../schemas/state/window-rows.js';

export interface StateProcessorOptions {
  contracts?: ContractMap;
  reference: ReferenceData;
  /** Window sizes, e.g. ['1m', '1h', '1d']. */
  windows: string[];
  allowedLatenessSeconds: number;
  /** Retention of emitted windows for late events (tumblingWindow's default when absent). */
  windowRetentionSeconds?: number;
  alerts?: RiskAlertOptions;
}

/** Everything one batch of events produced. */
export interface StateOutputs {
  /** The batch's events plus the PolicyExpired events the timer derived, in processing order. */
  events: CanonicalEvent[];
  derived: CanonicalEvent[];
  changes: StateChange[];
  exposure: ExposureObservation[];
  tranches: TrancheObservation[];
  trancheRows: TrancheSnapshotRow[];
  exposureRows: ExposureSnapshotRow[];
  alerts: Alert[];
  /** Observations left out of windows dropped after retention (too late to fold in), by window size. */
  droppedLate: Record<string, number>;
}

const empty = (): StateOutputs => ({
  events: [],
  derived: [],
  changes: [],
  exposure: [],
  tranches: [],
  trancheRows: [],
  exposureRows: [],
  alerts: [],
  droppedLate: {},
});

/**
 * The state stage's dataflow, built once from the operators and fed batch by batch:
 *
 *   events ─► policyExpiryTimer ─┬─► contract state store ─► state changes ─┐
 *                                ├─► activeCoverage ─► exposure windows      ├─► trancheObservations ─► tranche windows
 *                                │         └──► coverage levels ─────────────┘              └─► riskAlerts
 *                                └─► riskAlerts (high-value policies and payouts)
 *
 * RxJS operators run synchronously here, so `process(batch)` returns exactly what the batch caused; the caller
 * commits it with the batch's offsets. Operator state (timers, open windows, open alerts) lives in this object
 * and is rebuilt on start by replaying the applied events.
 */
export class StateProcessor {
  readonly store: ContractStateStore;
  private readonly input = new Subject<CanonicalEvent>();
  private out: StateOutputs = empty();

  constructor(options: StateProcessorOptions) {
    this.store = new ContractStateStore({ contracts: options.contracts });
    const windows = options.windows.map(parseWindowSize);
    const lateness = options.allowedLatenessSeconds;
    const retentionSeconds = options.windowRetentionSeconds;
    const onDropped = (w: { size: string }) => {
      this.out.droppedLate[w.size] = (this.out.droppedLate[w.size] ?? 0) + 1;
    };
    const trancheIn = new Subject<TrancheInput>();
    const alertIn = new Subject<AlertInput>();

    const timed$ = this.input.pipe(policyExpiryTimer({ allowedLatenessSeconds: lateness }), share());
    const tranche$ = trancheIn.pipe(trancheObservations({ reference: options.reference }), share());

    tranche$.subscribe((observation) => {
      this.out.tranches.push(observation);
      alertIn.next({ type: 'tranche', observation });
    });
    tranche$
      .pipe(
        trancheSnapshotWindows({ windows, allowedLatenessSeconds: lateness, retentionSeconds, onDropped }),
      )
      .subscribe((row) => this.out.trancheRows.push(row));
    alertIn
      .pipe(riskAlerts({ reference: options.reference, ...options.alerts }))
      .subscribe((alert) => this.out.alerts.push(alert));

    // State first, so tranche observations of an event see the state after it.
    timed$.subscribe((event) => {
      this.out.events.push(event);
      if (event.type === 'PolicyExpired') this.out.derived.push(event);
      const { changes } = this.store.apply([event]);
      for (const change of changes) {
        this.out.changes.push(change);
        trancheIn.next({ type: 'state', change });
      }
      alertIn.next({ type: 'event', event });
    });
    const exposure$ = timed$.pipe(activeCoverage({ reference: options.reference }), share());
    exposure$.subscribe((o) => {
      this.out.exposure.push(o);
      trancheIn.next({
        type: 'coverage',
        generation: o.generation,
        activeCoverage: o.totalActiveCoverage,
        utime: o.utime,
        lt: o.lt,
      });
    });
    exposure$
      .pipe(
        exposureSnapshotWindows({ windows, allowedLatenessSeconds: lateness, retentionSeconds, onDropped }),
      )
      .subscribe((row) => this.out.exposureRows.push(row));
  }

  /** Feeds a batch (each contract's events in lt order) and returns what it produced. */
  process(events: Iterable<CanonicalEvent>): StateOutputs {
    this.out = empty();
    for (const event of events) this.input.next(event);
    const produced = this.out;
    this.out = empty();
    return produced;
  }
}
