/**
 * Alerts of the state stage (DESIGN §4), as published on `tonsurance.alerts.v1` and kept open in PostgreSQL.
 * A condition alert is emitted when it opens and again when it resolves, never in between; an event alert
 * (high-value policy or payout) is emitted once, open, and has no resolution.
 */
export type AlertRule =
  'utilization-high' | 'collateralization-low' | 'high-value-policy' | 'high-value-payout';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertSubject {
  type: 'tranche' | 'contract' | 'product' | 'policy';
  /** Stable id of the subject: `<vault>#<tranche>`, a contract address, a product key, `<book>:<policyId>`. */
  id: string;
  contract: string | null;
  trancheId: number | null;
  productKey: string | null;
}

export interface Alert {
  /** `<rule>:<subject id>:<lt that opened it>`, the same on open and resolve. */
  alertId: string;
  rule: AlertRule;
  severity: AlertSeverity;
  subject: AlertSubject;
  state: 'open' | 'resolved';
  /** Observed value (bps or nanoTON) and the threshold it crossed, as decimal strings. */
  value: string;
  threshold: string;
  /** Event time (unix s) of the opening / resolving event. */
  openedAt: number;
  resolvedAt: number | null;
  /** lt of the event behind this transition. */
  lt: string;
  message: string;
}
