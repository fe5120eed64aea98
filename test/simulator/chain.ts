/**
 * The ledger side of the simulator: turns "this account executed this message with this outcome" into a real
 * TON `Transaction` cell (built with @ton/core `storeTransaction`), with the logical-time and hash bookkeeping a
 * chain does — one global lt clock (so a child transaction always has a higher lt than the out-message that
 * caused it), per-account `prev_trans_lt`/`prev_trans_hash` links and state-hash chains, realistic phase
 * records, and the bounce message the network builds when a bounceable message fails.
 */
import { createHash } from 'node:crypto';
import {
  Address,
  beginCell,
  Cell,
  Dictionary,
  ExternalAddress,
  storeMessage,
  type DictionaryValue,
  storeAccountStatus,
  storeCurrencyCollection,
  storeTransactionDescription,
  type Message,
  type TransactionDescriptionGeneric,
} from '@ton/core';

/** An internal message on its way to its destination. */
export interface Delivery {
  src: string;
  dest: string;
  value: bigint;
  bounce: boolean;
  bounced: boolean;
  body: Cell;
  createdLt: bigint;
  createdAt: number;
  fwdFee: bigint;
  /** The message cell, when already built (a contract's out-message is the same cell as the receiver's in-message). */
  cell?: Cell;
}

/** What a contract's handler asks the ledger to send. */
export type OutAction =
  | { type: 'internal'; dest: string; value: bigint; body: Cell; bounce?: boolean }
  | { type: 'log'; eventId: number; payload: Cell };

/** The outcome of executing one in-message, as the contract computed it. */
export interface Execution {
  /** 0 = compute phase succeeded; anything else is the exit code of the aborted compute phase. */
  exitCode: number;
  gasUsed: number;
  /** Only when the compute phase succeeded. */
  outs: OutAction[];
  /** When set, the action phase failed with this result code (the transaction is rolled back). */
  actionResultCode?: number;
}

export interface LedgerRecord {
  account: string;
  lt: string;
  hash: string;
  utime: number;
  boc: string;
}

export interface ExecutedTransaction {
  record: LedgerRecord;
  /** Internal messages this transaction created (including a bounce), for delivery. */
  sent: Delivery[];
}

/** Basechain gas price, nanoTON per gas unit. */
const GAS_PRICE = 400n;
const GAS_LIMIT = 1_000_000n;
const BOUNCE_OP = 0xffffffff;

function sha256(...parts: (Buffer | string)[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Forward fee of a message of `bits` body bits and `cells` cells (basechain prices, rounded the same way). */
function forwardFee(bits: number, cells: number): bigint {
  return 266_669n + BigInt(bits) * 1_000n + BigInt(cells) * 100_000n;
}

const messageRefValue: DictionaryValue<Cell> = {
  serialize: (cell, builder) => {
    builder.storeRef(cell);
  },
  parse: (slice) => slice.loadRef(),
};

interface AccountChain {
  lastLt: bigint;
  lastHash: Buffer;
  stateHash: Buffer;
}

export class Ledger {
  private clock: bigint;
  private clockUtime = 0;
  private readonly accounts = new Map<string, AccountChain>();
  private readonly addresses = new Map<string, Address>();
  private readonly externals = new Map<number, ExternalAddress>();

  constructor(
    startLt: bigint,
    private readonly seedLabel: string,
  ) {
    this.clock = startLt;
  }

  address(raw: string): Address {
    let a = this.addresses.get(raw);
    if (!a) {
      a = Address.parseRaw(raw);
      this.addresses.set(raw, a);
    }
    return a;
  }

  private external(eventId: number): ExternalAddress {
    let e = this.externals.get(eventId);
    if (!e) {
      e = new ExternalAddress(BigInt(eventId), 256);
      this.externals.set(eventId, e);
    }
    return e;
  }

  private chain(account: string): AccountChain {
    let c = this.accounts.get(account);
    if (!c) {
      // The deploy transaction is not part of the output; its lt/hash only anchor the first prev link.
      const deployHash = sha256(this.seedLabel, ':deploy:', account);
      c = {
        lastLt: 1_000_000n + BigInt(deployHash.readUInt32BE(0) % 1000),
        lastHash: deployHash,
        stateHash: sha256(deployHash),
      };
      this.accounts.set(account, c);
    }
    return c;
  }

  /** Last lt of an account (0 if it never executed here). */
  lastLt(account: string): bigint {
    return this.accounts.get(account)?.lastLt ?? 0n;
  }

  /**
   * A message from an account outside the simulation (a wallet): created at the current clock, as if the
   * wallet's own transaction had just run.
   */
  externalDelivery(
    src: string,
    dest: string,
    value: bigint,
    body: Cell,
    now: number,
    bounce = true,
  ): Delivery {
    this.advance(now);
    this.clock += 2n;
    return {
      src,
      dest,
      value,
      bounce,
      bounced: false,
      body,
      createdLt: this.clock,
      createdAt: now,
      fwdFee: forwardFee(body.bits.length, 1),
    };
  }

  /** Blocks start on round lts: a new second moves the clock to the next multiple of 1000. */
  private advance(now: number): void {
    if (now > this.clockUtime) {
      this.clockUtime = now;
      this.clock = (this.clock / 1000n + 1n) * 1000n;
    }
  }

  private inboundMessage(inMsg: Delivery, self: Address): Message {
    return {
      info: {
        type: 'internal',
        ihrDisabled: true,
        bounce: inMsg.bounce,
        bounced: inMsg.bounced,
        src: this.address(inMsg.src),
        dest: self,
        value: { coins: inMsg.value },
        ihrFee: 0n,
        forwardFee: inMsg.fwdFee,
        createdLt: inMsg.createdLt,
        createdAt: inMsg.createdAt,
      },
      body: inMsg.body,
    };
  }

  execute(account: string, inMsg: Delivery, now: number, exec: Execution): ExecutedTransaction {
    this.advance(now);
    const chain = this.chain(account);
    let lt = this.clock + 1n;
    if (lt <= inMsg.createdLt) lt = inMsg.createdLt + 1n;
    if (lt <= chain.lastLt) lt = chain.lastLt + 1n;

    const self = this.address(account);
    const computeOk = exec.exitCode === 0;
    const actionOk = computeOk && exec.actionResultCode === undefined;
    const gasUsed = BigInt(exec.gasUsed);
    const gasFees = gasUsed * GAS_PRICE;

    const outCells: Cell[] = [];
    const sent: Delivery[] = [];
    let totalFwd = 0n;
    let sizeBits = 0;
    let sizeCells = 0;
    const createdLt = (): bigint => lt + 1n + BigInt(outCells.length);

    if (actionOk) {
      for (const out of exec.outs) {
        if (out.type === 'internal') {
          const fee = forwardFee(out.body.bits.length, 1 + out.body.refs.length);
          totalFwd += fee;
          const msg: Message = {
            info: {
              type: 'internal',
              ihrDisabled: true,
              bounce: out.bounce ?? true,
              bounced: false,
              src: self,
              dest: this.address(out.dest),
              value: { coins: out.value },
              ihrFee: 0n,
              forwardFee: (fee * 2n) / 3n,
              createdLt: createdLt(),
              createdAt: now,
            },
            body: out.body,
          };
          const cell = beginCell().store(storeMessage(msg)).endCell();
          sent.push({
            src: account,
            dest: out.dest,
            value: out.value,
            bounce: out.bounce ?? true,
            bounced: false,
            body: out.body,
            createdLt: createdLt(),
            createdAt: now,
            fwdFee: (fee * 2n) / 3n,
            cell,
          });
          outCells.push(cell);
          sizeBits += out.body.bits.length;
          sizeCells += 1 + out.body.refs.length;
        } else {
          const fee = forwardFee(out.payload.bits.length, 2);
          totalFwd += fee;
          const msg: Message = {
            info: {
              type: 'external-out',
              src: self,
              dest: this.external(out.eventId),
              createdLt: createdLt(),
              createdAt: now,
            },
            // v2 emit_log: the body has no bits of its own and the payload as its only ref.
            body: beginCell().storeRef(out.payload).endCell(),
          };
          outCells.push(beginCell().store(storeMessage(msg)).endCell());
          sizeBits += out.payload.bits.length;
          sizeCells += 2;
        }
      }
    }

    // A failed compute phase on a bounceable, not-bounced message: the network sends the value back.
    let bouncePhase: TransactionDescriptionGeneric['bouncePhase'] = undefined;
    if (!computeOk && inMsg.bounce && !inMsg.bounced) {
      const bounceBody = bouncedBody(inMsg.body);
      const fee = forwardFee(bounceBody.bits.length, 1);
      const value = inMsg.value - gasFees - fee;
      if (value > 0n) {
        const msg: Message = {
          info: {
            type: 'internal',
            ihrDisabled: true,
            bounce: false,
            bounced: true,
            src: self,
            dest: this.address(inMsg.src),
            value: { coins: value },
            ihrFee: 0n,
            forwardFee: (fee * 2n) / 3n,
            createdLt: createdLt(),
            createdAt: now,
          },
          body: bounceBody,
        };
        const cell = beginCell().store(storeMessage(msg)).endCell();
        sent.push({
          src: account,
          dest: inMsg.src,
          value,
          bounce: false,
          bounced: true,
          body: bounceBody,
          createdLt: createdLt(),
          createdAt: now,
          fwdFee: (fee * 2n) / 3n,
          cell,
        });
        outCells.push(cell);
        bouncePhase = {
          type: 'ok',
          messageSize: { cells: 1n, bits: BigInt(bounceBody.bits.length) },
          messageFees: fee / 3n,
          forwardFees: (fee * 2n) / 3n,
        };
      } else {
        bouncePhase = {
          type: 'no-funds',
          messageSize: { cells: 1n, bits: BigInt(bounceBody.bits.length) },
          requiredForwardFees: fee,
        };
      }
    }

    const outs = Dictionary.empty(Dictionary.Keys.Uint(15), messageRefValue);
    outCells.forEach((c, i) => outs.set(i, c));

    const newStateHash = sha256(chain.stateHash, lt.toString());
    const inMessageCell =
      inMsg.cell ??
      beginCell()
        .store(storeMessage(this.inboundMessage(inMsg, self)))
        .endCell();
    const storageFee = 1_000n + BigInt(newStateHash.readUInt16BE(0) % 5_000);
    const actionFees = actionOk ? totalFwd / 3n : 0n;
    const description: TransactionDescriptionGeneric = {
      type: 'generic',
      creditFirst: !inMsg.bounce,
      storagePhase: {
        storageFeesCollected: storageFee,
        storageFeesDue: undefined,
        statusChange: 'unchanged',
      },
      creditPhase: { dueFeesColelcted: undefined, credit: { coins: inMsg.value } },
      computePhase: {
        type: 'vm',
        success: computeOk,
        messageStateUsed: false,
        accountActivated: false,
        gasFees,
        gasUsed,
        gasLimit: GAS_LIMIT,
        gasCredit: undefined,
        mode: 0,
        exitCode: exec.exitCode,
        exitArg: undefined,
        vmSteps: Math.max(20, Math.floor(exec.gasUsed / 50)),
        vmInitStateHash: 0n,
        vmFinalStateHash: 0n,
      },
      actionPhase: computeOk
        ? {
            success: actionOk,
            valid: true,
            noFunds: false,
            statusChange: 'unchanged',
            totalFwdFees: actionOk && totalFwd > 0n ? totalFwd : undefined,
            totalActionFees: actionOk && actionFees > 0n ? actionFees : undefined,
            resultCode: exec.actionResultCode ?? 0,
            resultArg: exec.actionResultCode === undefined ? undefined : 0,
            totalActions: exec.outs.length,
            specActions: 0,
            skippedActions: 0,
            messagesCreated: actionOk ? exec.outs.length : 0,
            actionListHash: BigInt('0x' + newStateHash.toString('hex')) ^ 0x5a5an,
            totalMessageSize: { cells: BigInt(sizeCells), bits: BigInt(sizeBits) },
          }
        : undefined,
      bouncePhase,
      aborted: !actionOk,
      destroyed: false,
    };
    // storeTransaction's layout (transaction$0111 …), written with buffers for the 256-bit fields and with the
    // prebuilt message cells, which storeTransaction would rebuild.
    const cell = beginCell()
      .storeUint(0x07, 4)
      .storeBuffer(self.hash)
      .storeUint(lt, 64)
      .storeBuffer(chain.lastHash)
      .storeUint(chain.lastLt, 64)
      .storeUint(now, 32)
      .storeUint(outCells.length, 15)
      .store(storeAccountStatus('active'))
      .store(storeAccountStatus('active'))
      .storeRef(beginCell().storeBit(true).storeRef(inMessageCell).storeDict(outs))
      .store(storeCurrencyCollection({ coins: gasFees + storageFee + actionFees }))
      .storeRef(beginCell().storeUint(0x72, 8).storeBuffer(chain.stateHash).storeBuffer(newStateHash))
      .storeRef(beginCell().store(storeTransactionDescription(description)))
      .endCell();
    const hash = cell.hash();
    chain.lastLt = lt;
    chain.lastHash = hash;
    chain.stateHash = newStateHash;
    this.clock = lt + 1n + BigInt(outCells.length);
    return {
      record: {
        account,
        lt: lt.toString(),
        hash: hash.toString('hex'),
        utime: now,
        boc: cell.toBoc().toString('base64'),
      },
      sent,
    };
  }
}

/** The body the network puts in a bounce: 0xFFFFFFFF and the first 256 bits of the original body, no refs. */
export function bouncedBody(original: Cell): Cell {
  const s = original.beginParse();
  const bits = Math.min(256, s.remainingBits);
  return beginCell().storeUint(BOUNCE_OP, 32).storeBits(s.loadBits(bits)).endCell();
}
