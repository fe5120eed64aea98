/**
 * Builds Transaction BOCs for tests: a generic transaction of one account with a chosen in-message, out
 * messages (internal, or v2 logs as external-out with an addr_extern event id) and phase outcomes.
 */
import {
  Address,
  beginCell,
  Cell,
  Dictionary,
  ExternalAddress,
  loadMessage,
  storeMessage,
  type DictionaryValue,
  storeTransaction,
  type Builder,
  type Message,
  type Transaction,
} from '@ton/core';
import type { RawTransactionInput } from './transaction-facts.js';

export const ACCOUNT = '0:' + 'a1'.repeat(32);
export const SENDER = '0:' + 'b2'.repeat(32);
export const OTHER = '0:' + 'c3'.repeat(32);

export function bodyCell(write?: (b: Builder) => void): Cell {
  const b = beginCell();
  write?.(b);
  return b.endCell();
}

export function internalMessage(opts: {
  src?: string;
  dest?: string;
  value?: bigint;
  bounced?: boolean;
  bounce?: boolean;
  body?: Cell;
  withStateInit?: boolean;
}): Message {
  return {
    info: {
      type: 'internal',
      ihrDisabled: true,
      bounce: opts.bounce ?? true,
      bounced: opts.bounced ?? false,
      src: Address.parseRaw(opts.src ?? SENDER),
      dest: Address.parseRaw(opts.dest ?? ACCOUNT),
      value: { coins: opts.value ?? 1_000_000_000n },
      ihrFee: 0n,
      forwardFee: 0n,
      createdLt: 1n,
      createdAt: 1_700_000_000,
    },
    init: opts.withStateInit
      ? { code: beginCell().storeUint(1, 8).endCell(), data: beginCell().endCell() }
      : undefined,
    body: opts.body ?? Cell.EMPTY,
  };
}

/** A v2 `emit_log`: external-out, destination addr_extern(256) = event id, body = 0 bits + ref(payload). */
export function logMessage(eventId: number, payload: Cell, src: string = ACCOUNT): Message {
  return {
    info: {
      type: 'external-out',
      src: Address.parseRaw(src),
      dest: new ExternalAddress(BigInt(eventId), 256),
      createdLt: 2n,
      createdAt: 1_700_000_000,
    },
    body: beginCell().storeRef(payload).endCell(),
  };
}

const messageValue: DictionaryValue<Message> = {
  serialize: (m, b) => {
    b.storeRef(beginCell().store(storeMessage(m)).endCell());
  },
  parse: (s) => loadMessage(s.loadRef().beginParse()),
};

export interface TxOptions {
  account?: string;
  lt?: bigint;
  now?: number;
  inMessage?: Message | null;
  outMessages?: Message[];
  computeSuccess?: boolean;
  exitCode?: number;
  computeSkipped?: boolean;
  aborted?: boolean;
  actionSuccess?: boolean;
  actionResultCode?: number;
}

export function buildTransaction(o: TxOptions = {}): { cell: Cell; input: RawTransactionInput } {
  const account = o.account ?? ACCOUNT;
  const address = Address.parseRaw(account);
  const lt = o.lt ?? 1000n;
  const now = o.now ?? 1_700_000_000;
  const outs = Dictionary.empty(Dictionary.Keys.Uint(15), messageValue);
  (o.outMessages ?? []).forEach((m, i) => outs.set(i, m));
  const computeSuccess = o.computeSuccess ?? true;
  const actionSuccess = o.actionSuccess ?? true;
  const tx: Transaction = {
    address: BigInt(`0x${address.hash.toString('hex')}`),
    lt,
    prevTransactionHash: 0n,
    prevTransactionLt: 0n,
    now,
    outMessagesCount: o.outMessages?.length ?? 0,
    oldStatus: 'active',
    endStatus: 'active',
    inMessage: o.inMessage === null ? undefined : (o.inMessage ?? internalMessage({})),
    outMessages: outs,
    totalFees: { coins: 1000n },
    stateUpdate: { oldHash: Buffer.alloc(32), newHash: Buffer.alloc(32) },
    description: {
      type: 'generic',
      creditFirst: true,
      storagePhase: undefined,
      creditPhase: { credit: { coins: 1_000_000_000n } },
      computePhase: o.computeSkipped
        ? { type: 'skipped', reason: 'no-gas' }
        : {
            type: 'vm',
            success: computeSuccess,
            messageStateUsed: false,
            accountActivated: false,
            gasFees: 100n,
            gasUsed: 1000n,
            gasLimit: 10000n,
            gasCredit: undefined,
            mode: 0,
            exitCode: o.exitCode ?? (computeSuccess ? 0 : 9),
            exitArg: undefined,
            vmSteps: 10,
            vmInitStateHash: 0n,
            vmFinalStateHash: 0n,
          },
      actionPhase:
        computeSuccess && !o.computeSkipped
          ? {
              success: actionSuccess,
              valid: true,
              noFunds: false,
              statusChange: 'unchanged',
              totalFwdFees: undefined,
              totalActionFees: undefined,
              resultCode: o.actionResultCode ?? (actionSuccess ? 0 : 34),
              resultArg: undefined,
              totalActions: o.outMessages?.length ?? 0,
              specActions: 0,
              skippedActions: 0,
              messagesCreated: o.outMessages?.length ?? 0,
              actionListHash: 0n,
              totalMessageSize: { cells: 0n, bits: 0n },
            }
          : undefined,
      bouncePhase: undefined,
      aborted: o.aborted ?? !(computeSuccess && actionSuccess && !o.computeSkipped),
      destroyed: false,
    },
    raw: Cell.EMPTY,
    hash: () => Buffer.alloc(32),
  };
  const cell = beginCell().store(storeTransaction(tx)).endCell();
  return {
    cell,
    input: {
      account,
      lt: lt.toString(),
      hash: cell.hash().toString('hex'),
      utime: now,
      boc: cell.toBoc().toString('base64'),
    },
  };
}
