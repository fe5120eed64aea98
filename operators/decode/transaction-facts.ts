/**
 * The facts of one transaction as plain data (no @ton/core objects), so that another decoding path can be
 * checked against this one with a deep equality.
 */
import type { ContractKind } from '../../schemas/contracts/kinds.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';

export interface RawTransactionInput {
  /** Raw `wc:hex` address of the account. */
  account: string;
  lt: string;
  /** Transaction cell hash, hex. */
  hash: string;
  utime: number;
  /** Base64 BOC of the Transaction cell. */
  boc: string;
}

/** How the in-message body reads before any contract-specific decoding. */
export type BodyKind = 'empty' | 'short' | 'op' | 'text-comment' | 'bounced';

export interface InMessageFacts {
  type: 'internal' | 'external-in';
  src: string | null;
  dest: string | null;
  value: bigint;
  bounce: boolean;
  bounced: boolean;
  bodyKind: BodyKind;
  /** First 32 bits of the body (0xffffffff for a bounce), null if shorter. */
  op: number | null;
  /** Name of the op for this kind; for a bounce, of the original out-message. */
  opName: string | null;
  /** For a bounce: the op of the message this contract had sent. */
  bouncedOp: number | null;
  bodyBits: number;
  bodyRefs: number;
}

export interface OutMessageFacts {
  index: number;
  type: 'internal' | 'external-out';
  /** Internal: raw destination. External-out: null (see logId). */
  dest: string | null;
  value: bigint;
  bounce: boolean | null;
  hasStateInit: boolean;
  op: number | null;
  /** Codec name for a known op of this kind. */
  name: string | null;
  /** External-out: the 256-bit addr_extern destination as a number when it is a small id (v2 log id). */
  logId: number | null;
  bodyBits: number;
  bodyRefs: number;
}

export type ComputeFacts =
  | { type: 'skipped'; reason: string }
  | { type: 'vm'; success: boolean; exitCode: number; gasUsed: bigint; vmSteps: number };

export interface ActionFacts {
  success: boolean;
  resultCode: number;
  totalActions: number;
  skippedActions: number;
  messagesCreated: number;
  noFunds: boolean;
}

export type FailurePhase = 'compute-skipped' | 'compute' | 'action' | 'aborted' | 'bounced-in-message';

/**
 * `state-change`: events change modelled state. `no-state-change`: documented outcome without effect (empty
 * body, text comment, stub op). `failed`: TransactionFailed only. `unknown-op`: an Unknown event.
 */
export type Outcome = 'state-change' | 'no-state-change' | 'failed' | 'unknown-op';

export interface TransactionFacts {
  account: string;
  lt: string;
  hash: string;
  utime: number;
  kind: ContractKind;
  origStatus: string;
  endStatus: string;
  totalFees: bigint;
  descriptionType: string;
  creditFirst: boolean | null;
  compute: ComputeFacts | null;
  action: ActionFacts | null;
  bouncePhase: 'negative-funds' | 'no-funds' | 'ok' | null;
  aborted: boolean;
  destroyed: boolean;
  /** Compute phase ran and succeeded, not aborted, action phase (if any) succeeded. */
  success: boolean;
  /** Why the transaction changed nothing (or only what a bounce handler did). */
  failure: {
    phase: FailurePhase;
    exitCode: number | null;
    actionResultCode: number | null;
    skipReason: string | null;
  } | null;
  inMessage: InMessageFacts | null;
  outMessages: OutMessageFacts[];
  outcome: Outcome;
  outcomeReason: string | null;
}

export interface DecodedTransaction {
  facts: TransactionFacts;
  events: CanonicalEvent[];
}
