/**
 * Synthetic but well-formed transaction histories for tests and benchmarks that must not depend on the shared
 * corpus: real `Transaction` cells (via @ton/core's `storeTransaction`), chained by prev lt/hash, with internal
 * and external in-messages, text comments, out messages and external-out logs.
 */
import {
  Address,
  Dictionary,
  ExternalAddress,
  beginCell,
  comment,
  loadMessage,
  storeMessage,
  storeTransaction,
  type DictionaryValue,
  type Message,
  type Transaction,
} from '@ton/core';

import type { StoredTransactionInput } from './store.js';

const messageValue: DictionaryValue<Message> = {
  serialize: (src, builder) => {
    builder.storeRef(beginCell().store(storeMessage(src)));
  },
  parse: (slice) => loadMessage(slice.loadRef().beginParse()),
};

export interface SynthesizeOptions {
  /** Account, raw `wc:hex` or friendly. */
  account: string;
  count: number;
  /** lt of the first transaction; consecutive ones are `ltStep` apart. Default 1_000_000n. */
  startLt?: bigint;
  ltStep?: bigint;
  startUtime?: number;
  /** The counterparty of internal messages. Default a fixed address. */
  peer?: string;
}

export interface SynthesizedTransaction extends StoredTransactionInput {
  lt: string;
  /** What the in-message was, for assertions. */
  inKind: 'internal-op' | 'internal-comment' | 'external-in';
  outCount: number;
}

function u256(buf: Buffer): bigint {
  return BigInt('0x' + buf.toString('hex'));
}

/** Builds `count` chained transactions of one account, oldest first. */
export function synthesizeTransactions(options: SynthesizeOptions): SynthesizedTransaction[] {
  const account = Address.parse(options.account);
  const peer = Address.parse(options.peer ?? '0:' + 'ab'.repeat(32));
  const step = options.ltStep ?? 1_000_000n;
  let lt = options.startLt ?? 1_000_000n;
  let utime = options.startUtime ?? 1_700_000_000;
  let prevLt = 0n;
  let prevHash = 0n;
  const out: SynthesizedTransaction[] = [];
  for (let i = 0; i < options.count; i++) {
    const kind: SynthesizedTransaction['inKind'] =
      i % 5 === 3 ? 'external-in' : i % 5 === 1 ? 'internal-comment' : 'internal-op';
    const inMessage: Message =
      kind === 'external-in'
        ? {
            info: { type: 'external-in', src: null, dest: account, importFee: 0n },
            body: beginCell().storeUint(0x7369676e, 32).storeUint(i, 32).endCell(),
          }
        : {
            info: {
              type: 'internal',
              ihrDisabled: true,
              bounce: true,
              bounced: false,
              src: peer,
              dest: account,
              value: { coins: 1_000_000_000n + BigInt(i) },
              ihrFee: 0n,
              forwardFee: 666_672n,
              createdLt: lt - 1n,
              createdAt: utime,
            },
            body:
              kind === 'internal-comment'
                ? comment(`payment #${i}`)
                : beginCell()
                    .storeUint(0x0f8a7ea5, 32)
                    .storeUint(BigInt(i), 64)
                    .storeCoins(BigInt(i) * 1000n)
                    .endCell(),
          };
    const outMessages = Dictionary.empty(Dictionary.Keys.Uint(15), messageValue);
    const outCount = i % 3;
    for (let k = 0; k < outCount; k++) {
      if (k === 1) {
        // An external-out log whose destination is an event id, as v2 contracts emit.
        outMessages.set(k, {
          info: {
            type: 'external-out',
            src: account,
            dest: new ExternalAddress(BigInt(i + 1), 256),
            createdLt: lt + 2n,
            createdAt: utime,
          },
          body: beginCell().storeUint(0xdeadbeef, 32).storeRef(beginCell().storeUint(i, 64)).endCell(),
        });
      } else {
        outMessages.set(k, {
          info: {
            type: 'internal',
            ihrDisabled: true,
            bounce: false,
            bounced: false,
            src: account,
            dest: peer,
            value: { coins: 100_000_000n },
            ihrFee: 0n,
            forwardFee: 400_000n,
            createdLt: lt + 1n,
            createdAt: utime,
          },
          body: beginCell().storeUint(0xd53276db, 32).storeUint(BigInt(i), 64).endCell(),
        });
      }
    }
    const tx = {
      address: u256(account.hash),
      lt,
      prevTransactionHash: prevHash,
      prevTransactionLt: prevLt,
      now: utime,
      outMessagesCount: outCount,
      oldStatus: 'active',
      endStatus: 'active',
      inMessage,
      outMessages,
      totalFees: { coins: 2_000_000n + BigInt(i) },
      stateUpdate: { oldHash: Buffer.alloc(32, 1), newHash: Buffer.alloc(32, 2) },
      description: {
        type: 'generic',
        creditFirst: kind !== 'external-in',
        storagePhase: { storageFeesCollected: 1_000n, statusChange: 'unchanged' },
        creditPhase: kind === 'external-in' ? null : { credit: { coins: 1_000_000_000n + BigInt(i) } },
        computePhase: {
          type: 'vm',
          success: true,
          messageStateUsed: false,
          accountActivated: false,
          gasFees: 1_999_000n,
          gasUsed: 4_000n,
          gasLimit: 1_000_000n,
          gasCredit: kind === 'external-in' ? 10_000n : null,
          mode: 0,
          exitCode: 0,
          exitArg: null,
          vmSteps: 100,
          vmInitStateHash: 0n,
          vmFinalStateHash: 0n,
        },
        actionPhase: {
          success: true,
          valid: true,
          noFunds: false,
          statusChange: 'unchanged',
          totalFwdFees: null,
          totalActionFees: null,
          resultCode: 0,
          resultArg: null,
          totalActions: outCount,
          specActions: 0,
          skippedActions: 0,
          messagesCreated: outCount,
          actionListHash: 0n,
          totalMessageSize: { cells: 0n, bits: 0n },
        },
        bouncePhase: null,
        aborted: false,
        destroyed: false,
      },
    } as unknown as Transaction;
    const cell = beginCell().store(storeTransaction(tx)).endCell();
    const hash = cell.hash();
    out.push({
      account: account.toRawString(),
      lt: lt.toString(),
      hash: hash.toString('hex'),
      utime,
      boc: cell.toBoc().toString('base64'),
      inKind: kind,
      outCount,
    });
    prevLt = lt;
    prevHash = u256(hash);
    lt += step;
    utime += 1 + (i % 2);
  }
  return out;
}
