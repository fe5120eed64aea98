import { Cell, loadTransaction } from '@ton/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTransaction } from '../../operators/decode/decode-transaction.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { parseContractMap } from '../../schemas/contracts/contract-map.js';
import { assertRawTransaction } from '../../schemas/records/raw-transaction.js';
import { mulDiv } from '../../schemas/reference/int-math.js';
import { simulate, simulateStream, simulationContracts, type SimulationResult } from './simulator.js';

const N = 3_000;

function decodeAll(result: SimulationResult): CanonicalEvent[] {
  const events: CanonicalEvent[] = [];
  for (const r of result.records) {
    const kind = result.contracts[r.account];
    if (!kind) throw new Error(`record of unmapped account ${r.account}`);
    events.push(...decodeTransaction(r, kind).events);
  }
  return events;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

describe('protocol simulator (v2)', () => {
  let run: SimulationResult;
  let events: CanonicalEvent[];

  beforeAll(() => {
    run = simulate({ seed: 1, transactions: N });
    events = decodeAll(run);
  });

  it('produces exactly the requested number of schema-valid records for mapped accounts', () => {
    expect(run.records).toHaveLength(N);
    expect(run.stats.transactions).toBe(N);
    for (const r of run.records.slice(0, 50)) assertRawTransaction(r);
    expect(run.records.every((r) => r.source === 'simulator')).toBe(true);
    // The contract map is a valid contract map file.
    const map = parseContractMap(run.contracts);
    expect(map.size).toBe(Object.keys(run.contracts).length);
    expect(Object.values(run.contracts).filter((k) => k === 'policy-shard-v2').length).toBeGreaterThanOrEqual(
      4,
    );
    expect(Object.values(run.contracts).filter((k) => k === 'policy-shard-v2').length).toBeLessThanOrEqual(8);
    expect(simulationContracts({ seed: 1 })).toEqual(run.contracts);
  });

  it('is deterministic: the same seed gives the same BOCs, another seed does not', () => {
    const again = simulate({ seed: 1, transactions: 500 });
    expect(again.records).toEqual(run.records.slice(0, 500));
    const other = simulate({ seed: 2, transactions: 500 });
    expect(other.records.map((r) => r.hash)).not.toEqual(again.records.map((r) => r.hash));
    expect(Object.keys(other.contracts)).not.toEqual(Object.keys(again.contracts));
  });

  it('streams the same records as the in-memory run and returns the final state', () => {
    const stream = simulateStream({ seed: 1, transactions: 800 });
    const streamed = [];
    let next = stream.next();
    while (!next.done) {
      streamed.push(next.value);
      next = stream.next();
    }
    expect(streamed).toEqual(run.records.slice(0, 800));
    expect(next.value.stats.transactions).toBe(800);
  });

  it('record hashes are the cell hashes; lt rises per account and prev links chain', () => {
    const last = new Map<string, { lt: bigint; hash: string }>();
    for (const r of run.records) {
      const cell = Cell.fromBase64(r.boc);
      expect(cell.hash().toString('hex')).toBe(r.hash);
      const tx = loadTransaction(cell.beginParse());
      expect(tx.lt.toString()).toBe(r.lt);
      expect(tx.now).toBe(r.utime);
      const prev = last.get(r.account);
      if (prev) {
        expect(tx.lt > prev.lt).toBe(true);
        expect(tx.prevTransactionLt).toBe(prev.lt);
        expect(tx.prevTransactionHash.toString(16).padStart(64, '0')).toBe(prev.hash);
      }
      last.set(r.account, { lt: tx.lt, hash: r.hash });
    }
  });

  it('orders causally: a contract-sent in-message comes from an earlier transaction with that created_lt', () => {
    const sentBy = new Map<string, { lt: bigint; utime: number }>();
    let checked = 0;
    for (const r of run.records) {
      const tx = loadTransaction(Cell.fromBase64(r.boc).beginParse());
      const info = tx.inMessage?.info;
      expect(info?.type).toBe('internal');
      if (info?.type !== 'internal') continue;
      expect(tx.lt > info.createdLt).toBe(true);
      const src = info.src.toRawString();
      if (run.contracts[src]) {
        const parent = sentBy.get(`${src}:${info.createdLt}`);
        expect(parent, `parent of ${r.account}:${r.lt}`).toBeDefined();
        expect(parent!.lt < tx.lt).toBe(true);
        expect(parent!.utime <= tx.now).toBe(true);
        checked++;
      }
      for (const key of tx.outMessages.keys()) {
        const m = tx.outMessages.get(key)!;
        if (m.info.type === 'internal')
          sentBy.set(`${r.account}:${m.info.createdLt}`, { lt: tx.lt, utime: tx.now });
      }
    }
    expect(checked).toBeGreaterThan(N / 4);
  });

  it('every transaction decodes, and the decoded events are the ones the simulator intended', () => {
    expect(countBy(events, (e) => e.type)).toEqual(run.stats.events);
    const failed = run.records.filter((r) => !decodeTransaction(r, run.contracts[r.account]!).facts.success);
    const failures = Object.values(run.stats.failures).reduce((a, b) => a + b, 0);
    expect(failed.length).toBe(failures);
  });

  it('contains the activity and the failures the real contracts produce', () => {
    const s = run.stats;
    expect(s.byOp['vault-v2 0x01']).toBeGreaterThan(100);
    expect(s.byOp['policy-router-v2 0x01']).toBeGreaterThan(100);
    expect(s.byOp['policy-shard-v2 0x60']).toBeGreaterThan(0);
    expect(s.logs['policy-router-v2 0x54']).toBeGreaterThan(0);
    expect(s.logs['policy-shard-v2 0x51']).toBeGreaterThan(0);
    // Router → treasury premium hop: underflow, bounce, router log 0x5A.
    expect(s.failures['treasury-v2 exit 9']).toBeGreaterThan(0);
    expect(s.logs['policy-router-v2 0x5a']).toBe(s.failures['treasury-v2 exit 9']);
    // Vault → token mint: underflow, bounce, retry 0x90; stale bounces roll back with 0x95.
    expect(s.failures['tranche-token-v2 exit 9']).toBeGreaterThan(0);
    expect(s.logs['vault-v2 0x90']).toBeGreaterThan(0);
    expect(s.logs['vault-v2 0x95']).toBeGreaterThan(0);
    expect(s.failures['vault-v2 exit 400']).toBeGreaterThan(0);
    expect(s.logs['treasury-v2 0x50']).toBeGreaterThan(0);
    expect(s.byOp['vault-v2 0x03']).toBeGreaterThan(0);
    expect(s.bounces).toBeGreaterThan(0);
    // Aborted transactions carry their exit code.
    const exitCodes = new Set(
      events
        .filter((e) => e.type === 'TransactionFailed')
        .map((e) => (e.data as { exitCode: number | null }).exitCode),
    );
    for (const code of [9, 400, 406]) expect(exitCodes.has(code)).toBe(true);
  });

  it('expected state equals an independent recomputation from the decoded events', () => {
    const e = run.expected;
    const vaultEvents = events.filter((x) => x.kind === 'vault-v2');
    const tranches = [1, 2, 3, 4, 5, 6].map((id) => ({
      id,
      capital: 0n,
      yield: 0n,
      tokens: 0n,
      alloc: BigInt(e.vault.tranches[id - 1]!.allocationPercent),
    }));
    const tokensByTx = new Map<string, bigint>();
    let total = 0n;
    let premiums = 0n;
    let losses = 0n;
    for (const ev of vaultEvents) {
      const d = ev.data as Record<string, any>;
      if (ev.type === 'DepositMade') {
        const t = tranches[d.trancheId - 1]!;
        t.capital += d.amount;
        t.tokens += d.tokens;
        total += d.amount;
        tokensByTx.set(String(d.txId), d.tokens);
      } else if (ev.type === 'PremiumsDistributed') {
        premiums += d.amount;
        for (const t of tranches) t.yield += mulDiv(d.amount, t.alloc, 100n);
      } else if (ev.type === 'LossAbsorbed') {
        losses += d.amount;
        let rest: bigint = d.amount;
        for (const t of [...tranches].reverse()) {
          const take = rest < t.capital ? rest : t.capital > 0n ? t.capital : 0n;
          t.capital -= take;
          total -= take;
          rest -= take;
        }
      } else if (ev.type === 'DepositRolledBack') {
        const t = tranches[d.trancheId - 1]!;
        t.capital -= d.amount;
        t.tokens -= tokensByTx.get(String(d.txId)) ?? 0n;
      }
    }
    expect(e.vault.totalCapital).toBe(total);
    expect(e.vault.accumulatedPremiums).toBe(premiums);
    expect(e.vault.accumulatedLosses).toBe(losses);
    for (const t of tranches) {
      const x = e.vault.tranches[t.id - 1]!;
      expect({ id: t.id, capital: x.capital, yield: x.accumulatedYield, tokens: x.totalTokens }).toEqual({
        id: t.id,
        capital: t.capital,
        yield: t.yield,
        tokens: t.tokens,
      });
    }

    let next = 0n;
    let totalPolicies = 0n;
    for (const ev of events.filter((x) => x.kind === 'policy-router-v2')) {
      const d = ev.data as Record<string, any>;
      if (ev.type === 'PolicyCreated') {
        next = d.policyId + 1n;
        totalPolicies++;
      } else if (ev.type === 'PolicyCreationBounced' && d.policyId === next - 1n) {
        next--;
        totalPolicies--;
      }
    }
    expect(e.router.nextPolicyId).toBe(next);
    expect(e.router.totalPolicies).toBe(totalPolicies);
    const perShard = countBy(
      events.filter((x) => x.kind === 'policy-shard-v2' && x.type === 'PolicyCreated'),
      (x) => x.account,
    );
    for (const s of e.shards) expect(s.policyCount).toBe(perShard[s.address] ?? 0);

    let treasuryPremiums = 0n;
    let reserve = 0n;
    let payouts = 0n;
    for (const ev of events.filter((x) => x.kind === 'treasury-v2')) {
      const d = ev.data as Record<string, any>;
      if (ev.type === 'PremiumReceived') {
        treasuryPremiums += d.amount;
        reserve += d.reserveAmount;
      } else if (ev.type === 'ReserveDeposited') reserve += d.amount;
      else if (ev.type === 'PayoutExecuted') {
        reserve -= d.amount;
        payouts += d.amount;
      }
    }
    expect(e.treasury.totalPremiums).toBe(treasuryPremiums);
    expect(e.treasury.reserve).toBe(reserve);
    expect(e.treasury.totalPayouts).toBe(payouts);
  });

  it('honours the circuit breaker: refused losses abort with exit 50 and change nothing', () => {
    const big = simulate({ seed: 7, transactions: 4_000 });
    expect(big.stats.failures['vault-v2 exit 50']).toBeGreaterThan(0);
    const absorbed = decodeAll(big).filter((x) => x.type === 'LossAbsorbed');
    expect(big.expected.vault.accumulatedLosses).toBe(
      absorbed.reduce((a, x) => a + (x.data as { amount: bigint }).amount, 0n),
    );
  });

  it('supports a test-mode vault (direct withdrawals) and the corpus bounce behaviour', () => {
    const testMode = simulate({ seed: 3, transactions: 1_500, vaultTestMode: true });
    expect(testMode.stats.events['WithdrawalMade']).toBeGreaterThan(0);
    expect(testMode.stats.byKind['tranche-token-v2']).toBeUndefined();
    expect(decodeAll(testMode).filter((x) => x.type === 'WithdrawalMade').length).toBe(
      testMode.stats.events['WithdrawalMade'],
    );
    const abort = simulate({ seed: 3, transactions: 1_500, mintBounce: 'abort' });
    expect(abort.stats.logs['vault-v2 0x90']).toBeUndefined();
    expect(abort.stats.failures['vault-v2 exit 9']).toBeGreaterThan(0);
  });

  it('rejects bad options with a clear error', () => {
    expect(() => simulate({ seed: 1, transactions: -1 })).toThrow(/transactions/);
    expect(() => simulate({ seed: 1, transactions: 10, v3: true })).toThrow(/v3/);
    expect(() => simulate({ seed: 1, transactions: 10, shards: 0 })).toThrow(/shards/);
    expect(simulate({ seed: 1, transactions: 0 }).records).toEqual([]);
  });
});
