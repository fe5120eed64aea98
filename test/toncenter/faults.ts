/**
 * Injectable faults for the TonCenter test server, drawn from a seeded generator so a failing run replays
 * exactly. A fault fires either a fixed number of times (`count`) or with a probability per matching request.
 */

export type FaultKind =
  | 'http500'
  | 'http502'
  | 'http504'
  | 'rateLimit'
  /** Hold the request open for `delayMs`, then drop the connection without an answer. */
  | 'timeout'
  /** HTTP 200 with a body cut in the middle of the JSON. */
  | 'malformedJson'
  /** getTransactions answers fewer transactions than the limit although more exist. */
  | 'truncatedPage'
  /** getTransactions answers the page it served last for that address again (or repeats its first row). */
  | 'duplicatedPage'
  /** getTransactions without `archival=true` fails with the lite server's "lt not in db" error. */
  | 'ltNotInDb';

/** Faults that change a successful getTransactions answer rather than replace it. */
export const PAGE_FAULTS: ReadonlySet<FaultKind> = new Set(['truncatedPage', 'duplicatedPage', 'ltNotInDb']);

export interface FaultSpec {
  kind: FaultKind;
  /** Chance per matching request, 0..1. Ignored when `count` is set. */
  probability?: number;
  /** Fire on the next `count` matching requests, then retire. */
  count?: number;
  /** API methods the fault applies to (e.g. `['getTransactions']`); all methods when omitted. */
  methods?: string[];
  /** For `timeout`: how long to hold the connection. Default: the server's `timeoutFaultMs`. */
  delayMs?: number;
  /** Overrides the error text of http500/http504. */
  error?: string;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  fired: number;
}

/** Small, fast, seedable PRNG (mulberry32): enough for deterministic fault schedules. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  private random: () => number;
  /** How many times each kind fired. */
  readonly firedByKind = new Map<FaultKind, number>();

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  /** Re-seeds the generator (and so the schedule of probabilistic faults). */
  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  inject(spec: FaultSpec): { id: number; remove: () => void } {
    if (spec.count === undefined && spec.probability === undefined) {
      throw new Error(`fault ${spec.kind}: give a count or a probability`);
    }
    if (spec.probability !== undefined && (spec.probability < 0 || spec.probability > 1)) {
      throw new Error(`fault ${spec.kind}: probability must be within 0..1`);
    }
    const fault: ActiveFault = { ...spec, id: this.nextId++, fired: 0 };
    this.faults.push(fault);
    return { id: fault.id, remove: () => this.remove(fault.id) };
  }

  remove(id: number): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly ActiveFault[] {
    return this.faults;
  }

  /**
   * The fault to apply to a request, if any; consumes one use of a counted fault. `eligible` filters kinds
   * that cannot apply to this request (page faults outside getTransactions, ltNotInDb on archival calls).
   */
  pick(method: string, eligible: (kind: FaultKind) => boolean): ActiveFault | undefined {
    for (const fault of this.faults) {
      if (fault.methods && !fault.methods.includes(method)) continue;
      if (!eligible(fault.kind)) continue;
      let fire: boolean;
      if (fault.count !== undefined) {
        fire = fault.fired < fault.count;
      } else {
        // Always draw, so the schedule depends only on the sequence of eligible requests.
        fire = this.random() < (fault.probability ?? 0);
      }
      if (!fire) continue;
      fault.fired++;
      this.firedByKind.set(fault.kind, (this.firedByKind.get(fault.kind) ?? 0) + 1);
      if (fault.count !== undefined && fault.fired >= fault.count) this.remove(fault.id);
      return fault;
    }
    return undefined;
  }
}
