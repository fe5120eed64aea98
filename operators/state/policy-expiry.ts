/**
 * Event-time expiry timer (DESIGN §4): passes every event through and, when the watermark (largest utime seen
 * minus the allowed lateness) reaches a policy's `start + duration`, emits a `PolicyExpired` for it first. Only
 * event time moves the timer, so output is a pure function of the input. Claimed or deactivated policies are
 * dropped from the timer.
 *
 * PolicyExpired is derived, not decoded: its id is `<book>:expired:<policyId>`, its lt/hash are those of the event
 * that moved the watermark past the expiry, its utime is the expiry itself and its index is -1.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { CanonicalEvent, CanonicalEventOf } from '../../schemas/events/canonical-event.js';
import { EVENT_SCHEMA_VERSION } from '../../schemas/events/canonical-event.js';
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import { policyExpiry } from './policy-book-state.js';

export interface PolicyExpiryOptions {
  allowedLatenessSeconds?: number;
  /** First id a book assigns when PolicyCreated carries none (v2 PolicyFactory); default 1. */
  firstPolicyId?: (book: string) => bigint;
}

interface Pending {
  book: string;
  kind: ContractKind;
  policyId: bigint;
  expiry: number;
}

/** `<book>:<policyId>` — how policies are keyed by the timer and the exposure operator. */
export function policyKey(book: string, policyId: bigint): string {
  return `${book}:${policyId}`;
}

export function policyExpiryTimer(
  options: PolicyExpiryOptions = {},
): OperatorFunction<CanonicalEvent, CanonicalEvent> {
  const lateness = options.allowedLatenessSeconds ?? 0;
  return (source) =>
    new Observable<CanonicalEvent>((subscriber) => {
      const pending = new Map<string, Pending>();
      const heap: HeapEntry[] = [];
      const nextIds = new Map<string, bigint>();
      let maxTime = Number.NEGATIVE_INFINITY;
      const sub = source.subscribe({
        next: (event) => {
          if (event.utime > maxTime) {
            maxTime = event.utime;
            const watermark = maxTime - lateness;
            // Pop from the expiry heap instead of scanning every pending policy per event (quadratic on
            // large books); entries whose policy was claimed or replaced are skipped.
            const due: [string, Pending][] = [];
            while (heap.length && heap[0]!.expiry <= watermark) {
              const top = heapPop(heap);
              const p = pending.get(top.key);
              if (p && p.expiry === top.expiry) due.push([top.key, p]);
            }
            due.sort(([ka, a], [kb, b]) => a.expiry - b.expiry || (ka < kb ? -1 : ka > kb ? 1 : 0));
            for (const [key, p] of due) {
              pending.delete(key);
              const expired: CanonicalEventOf<'PolicyExpired'> = {
                eventId: `${p.book}:expired:${p.policyId}`,
                schemaVersion: EVENT_SCHEMA_VERSION,
                type: 'PolicyExpired',
                account: p.book,
                stateOwner: p.book,
                kind: p.kind,
                lt: event.lt,
                hash: event.hash,
                utime: p.expiry,
                index: -1,
                origin: 'transaction',
                op: null,
                logId: null,
                data: { policyId: p.policyId, expiry: p.expiry },
              };
              subscriber.next(expired);
            }
          }
          if (event.type === 'PolicyCreated' && event.data.primary) {
            const book = event.stateOwner;
            let id = event.data.policyId;
            if (id === null) {
              id = nextIds.get(book) ?? options.firstPolicyId?.(book) ?? 1n;
            }
            nextIds.set(book, id + 1n);
            const expiry = policyExpiry(event.data, event.data.startTime ?? event.utime);
            if (expiry !== null) {
              const key = policyKey(book, id);
              pending.set(key, { book, kind: event.kind, policyId: id, expiry });
              heapPush(heap, { expiry, key });
            }
          } else if (
            (event.type === 'PolicyClaimed' || event.type === 'PolicyDeactivated') &&
            event.data.policyId !== null
          ) {
            pending.delete(policyKey(event.stateOwner, event.data.policyId));
          }
          subscriber.next(event);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => sub.unsubscribe();
    });
}

interface HeapEntry {
  expiry: number;
  key: string;
}

function less(a: HeapEntry, b: HeapEntry): boolean {
  return a.expiry < b.expiry || (a.expiry === b.expiry && a.key < b.key);
}

/** Binary min-heap by (expiry, key). */
function heapPush(heap: HeapEntry[], entry: HeapEntry): void {
  heap.push(entry);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function heapPop(heap: HeapEntry[]): HeapEntry {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
  return top;
}
