/**
 * In-memory chain view behind the TonCenter test server: per-account transaction history (from recorded BOCs),
 * account states, get-method results and a masterchain tip that advances as transactions are appended.
 */
import { createHash } from 'node:crypto';

import { Address } from '@ton/core';

import { DecodeError, TonstreamError } from '../../pipelines/runtime/errors.js';
import {
  MASTERCHAIN_SHARD,
  ZERO_HASH_B64,
  getMethodId,
  parseTransactionBoc,
  renderTransaction,
  stackArgsKey,
  type AddressFormat,
  type TonCenterStackEntry,
  type TonCenterTransactionJson,
} from './format.js';

/** A recorded transaction as it is appended to the store (the raw record of `ton.transactions.v1`). */
export interface StoredTransactionInput {
  /** Account address, raw `wc:hex` (any standard form is accepted). */
  account: string;
  /** Logical time (decimal string or bigint); checked against the BOC. */
  lt: string | bigint;
  /** Transaction cell hash, hex; checked against the BOC. */
  hash: string;
  /** Unix time; checked against the BOC. */
  utime: number;
  /** Base64 BOC of the transaction cell. */
  boc: string;
}

export interface StoredTransaction {
  account: Address;
  lt: bigint;
  hashHex: string;
  utime: number;
  boc: string;
  endStatus: AccountStatusName;
  json: TonCenterTransactionJson;
}

export type AccountStatusName = 'active' | 'uninitialized' | 'frozen';

export interface AccountStateInput {
  balance?: bigint | string | number;
  status?: AccountStatusName;
  /** Base64 BOC of the code cell ('' when unknown). */
  code?: string;
  /** Base64 BOC of the data cell ('' when unknown). */
  data?: string;
  frozenHash?: string;
}

export interface GetMethodResult {
  stack: TonCenterStackEntry[];
  exitCode: number;
  gasUsed: number;
}

export interface BlockIdExt {
  '@type': 'ton.blockIdExt';
  workchain: number;
  shard: string;
  seqno: number;
  root_hash: string;
  file_hash: string;
}

interface AccountRecord {
  address: Address;
  /** Ascending by lt. */
  txs: StoredTransaction[];
  state: {
    balance: bigint;
    status: AccountStatusName | null;
    code: string;
    data: string;
    frozenHash: string;
  };
  /** method name → args key ('' = any args) → result. */
  getMethods: Map<string, Map<string, GetMethodResult>>;
}

export interface TonCenterStoreOptions {
  /** Render friendly addresses with the testnet flag. Default false (mainnet form, `EQ…`). */
  testnet?: boolean;
  /** Masterchain seqno of the tip before anything is appended. Default 1. */
  initialSeqno?: number;
}

export interface AppendResult {
  added: number;
  /** Already present with the same hash: appending is idempotent. */
  duplicates: number;
}

/** Two different transactions recorded for the same (account, lt). */
export class StoreConflictError extends TonstreamError {
  constructor(message: string, context: { account: string; lt: string }) {
    super(message, { code: 'STORE_CONFLICT', retriable: false, context });
  }
}

function pseudoHash(label: string): string {
  return createHash('sha256').update(label).digest('base64');
}

function statusOf(status: string): AccountStatusName {
  if (status === 'active' || status === 'frozen') return status;
  return 'uninitialized';
}

export class TonCenterStore {
  readonly format: AddressFormat;
  private readonly accounts = new Map<string, AccountRecord>();
  private seqno: number;
  private readonly initSeqno = 0;
  private tipUtime = Math.floor(Date.now() / 1000);
  private txCount = 0;

  constructor(options: TonCenterStoreOptions = {}) {
    this.format = { testnet: options.testnet ?? false };
    this.seqno = options.initialSeqno ?? 1;
  }

  /** Number of transactions held. */
  get size(): number {
    return this.txCount;
  }

  private record(address: Address): AccountRecord {
    const key = address.toRawString();
    let rec = this.accounts.get(key);
    if (!rec) {
      rec = {
        address,
        txs: [],
        state: { balance: 0n, status: null, code: '', data: '', frozenHash: '' },
        getMethods: new Map(),
      };
      this.accounts.set(key, rec);
    }
    return rec;
  }

  private lookup(address: Address): AccountRecord | undefined {
    return this.accounts.get(address.toRawString());
  }

  /**
   * Appends recorded transactions (any order, any accounts). Each BOC is parsed and checked against the given
   * lt, hash and utime; in/out message JSON is derived from it. Appending a batch that adds anything produces
   * one new masterchain block, so live bursts show up as an advancing tip.
   */
  addTransactions(inputs: Iterable<StoredTransactionInput>): AppendResult {
    let added = 0;
    let duplicates = 0;
    for (const input of inputs) {
      const ltText = input.lt.toString();
      let address: Address;
      try {
        address = Address.parse(input.account);
      } catch (err) {
        throw new DecodeError(
          'bad account address',
          { account: input.account, lt: ltText, field: 'account' },
          err,
        );
      }
      const parsed = parseTransactionBoc(input.boc, { account: input.account, lt: ltText });
      const where = { account: input.account, lt: ltText };
      if (parsed.tx.lt !== BigInt(ltText)) {
        throw new DecodeError(`BOC lt ${parsed.tx.lt} differs from the record`, { ...where, field: 'lt' });
      }
      if (parsed.hashHex !== input.hash.toLowerCase()) {
        throw new DecodeError(`BOC hash ${parsed.hashHex} differs from the record`, {
          ...where,
          field: 'hash',
        });
      }
      if (parsed.tx.now !== input.utime) {
        throw new DecodeError(`BOC utime ${parsed.tx.now} differs from the record`, {
          ...where,
          field: 'utime',
        });
      }
      if (parsed.tx.address !== BigInt('0x' + address.hash.toString('hex'))) {
        throw new DecodeError('BOC account differs from the record', { ...where, field: 'account' });
      }
      const rec = this.record(address);
      const idx = lowerBound(rec.txs, parsed.tx.lt);
      const existing = rec.txs[idx];
      if (existing && existing.lt === parsed.tx.lt) {
        if (existing.hashHex === parsed.hashHex) {
          duplicates++;
          continue;
        }
        throw new StoreConflictError(
          `two different transactions for ${address.toRawString()} at lt ${ltText} (${existing.hashHex} and ${parsed.hashHex})`,
          { account: address.toRawString(), lt: ltText },
        );
      }
      const stored: StoredTransaction = {
        account: address,
        lt: parsed.tx.lt,
        hashHex: parsed.hashHex,
        utime: parsed.tx.now,
        boc: input.boc,
        endStatus: statusOf(parsed.tx.endStatus),
        json: renderTransaction(address, parsed, input.boc, this.format),
      };
      rec.txs.splice(idx, 0, stored);
      this.txCount++;
      added++;
      if (stored.utime > this.tipUtime) this.tipUtime = stored.utime;
    }
    if (added > 0) this.seqno++;
    return { added, duplicates };
  }

  /** Sets (parts of) an account's state; fields not given keep their value. */
  setAccountState(address: string | Address, state: AccountStateInput): void {
    const rec = this.record(typeof address === 'string' ? Address.parse(address) : address);
    if (state.balance !== undefined) rec.state.balance = BigInt(state.balance);
    if (state.status !== undefined) rec.state.status = state.status;
    if (state.code !== undefined) rec.state.code = state.code;
    if (state.data !== undefined) rec.state.data = state.data;
    if (state.frozenHash !== undefined) rec.state.frozenHash = state.frozenHash;
  }

  /**
   * Registers the result of a get-method. `stack` is in TonCenter's response form (see `toTonCenterStack`).
   * With `args` (request-form stack entries or corpus items) the result answers only calls with those
   * arguments; without, it answers any call of that method.
   */
  setGetMethod(
    address: string | Address,
    method: string,
    stack: TonCenterStackEntry[],
    exitCode = 0,
    options: { args?: unknown[]; gasUsed?: number } = {},
  ): void {
    const rec = this.record(typeof address === 'string' ? Address.parse(address) : address);
    let byArgs = rec.getMethods.get(method);
    if (!byArgs) {
      byArgs = new Map();
      rec.getMethods.set(method, byArgs);
    }
    const key = options.args && options.args.length > 0 ? stackArgsKey(options.args) : '';
    byArgs.set(key, { stack, exitCode, gasUsed: options.gasUsed ?? 0 });
  }

  /** Advances the masterchain tip by one block without new transactions (time passing on chain). */
  advanceMasterchain(utime?: number): void {
    this.seqno++;
    if (utime !== undefined && utime > this.tipUtime) this.tipUtime = utime;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Read side used by the server

  accountCount(): number {
    return this.accounts.size;
  }

  /** Transactions of an account, newest first (a copy of the references). */
  transactionsNewestFirst(address: Address): StoredTransaction[] {
    const rec = this.lookup(address);
    return rec ? [...rec.txs].reverse() : [];
  }

  /** Internal view for paging: ascending array, not to be mutated. */
  history(address: Address): readonly StoredTransaction[] {
    return this.lookup(address)?.txs ?? [];
  }

  newest(address: Address): StoredTransaction | undefined {
    const txs = this.lookup(address)?.txs;
    return txs ? txs[txs.length - 1] : undefined;
  }

  accountState(address: Address): {
    balance: bigint;
    status: AccountStatusName;
    code: string;
    data: string;
    frozenHash: string;
    lastTx: { lt: string; hash: string };
  } {
    const rec = this.lookup(address);
    const newest = rec?.txs[rec.txs.length - 1];
    const status =
      rec?.state.status ?? newest?.endStatus ?? (rec && rec.getMethods.size > 0 ? 'active' : 'uninitialized');
    return {
      balance: rec?.state.balance ?? 0n,
      status,
      code: rec?.state.code ?? '',
      data: rec?.state.data ?? '',
      frozenHash: rec?.state.frozenHash ?? '',
      lastTx: newest
        ? { lt: newest.lt.toString(), hash: Buffer.from(newest.hashHex, 'hex').toString('base64') }
        : { lt: '0', hash: ZERO_HASH_B64 },
    };
  }

  /** The registered result for a call, by method name or numeric method id; undefined when none matches. */
  getMethod(address: Address, method: string | number, args: unknown[]): GetMethodResult | undefined {
    const rec = this.lookup(address);
    if (!rec) return undefined;
    let byArgs: Map<string, GetMethodResult> | undefined;
    const asNumber = typeof method === 'number' ? method : /^-?\d+$/.test(method) ? Number(method) : null;
    if (asNumber === null) {
      byArgs = rec.getMethods.get(String(method));
    } else {
      for (const [name, results] of rec.getMethods) {
        if (getMethodId(name) === asNumber) byArgs = results;
      }
    }
    if (!byArgs) return undefined;
    let key = '';
    try {
      key = stackArgsKey(args);
    } catch {
      key = '';
    }
    return byArgs.get(key) ?? byArgs.get('');
  }

  masterchainBlock(seqno = this.seqno): BlockIdExt {
    return {
      '@type': 'ton.blockIdExt',
      workchain: -1,
      shard: MASTERCHAIN_SHARD,
      seqno,
      root_hash: pseudoHash(`mc-root:${seqno}`),
      file_hash: pseudoHash(`mc-file:${seqno}`),
    };
  }

  masterchainInfo(): { last: BlockIdExt; init: BlockIdExt; stateRootHash: string; utime: number } {
    return {
      last: this.masterchainBlock(this.seqno),
      init: this.masterchainBlock(this.initSeqno),
      stateRootHash: pseudoHash(`mc-state:${this.seqno}`),
      utime: Math.max(this.tipUtime, Math.floor(Date.now() / 1000)),
    };
  }
}

/** First index whose lt is ≥ `lt` in an ascending array. */
export function lowerBound(txs: readonly StoredTransaction[], lt: bigint): number {
  let lo = 0;
  let hi = txs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((txs[mid] as StoredTransaction).lt < lt) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
