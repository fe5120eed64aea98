import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Address, beginCell } from '@ton/core';
import { TonClient } from '@ton/ton';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSimulation, simulateToFile } from '../../pipelines/commands/simulate.js';
import { decodeRawRecord } from '../../schemas/records/raw-transaction.js';
import { startTonCenterServer, type TonCenterServer } from '../toncenter/server.js';
import { registerSimulationGetMethods } from './get-methods.js';
import { simulate, type SimulationResult } from './simulator.js';

describe('simulation get-methods through TonClient', () => {
  let run: SimulationResult;
  let server: TonCenterServer;
  let client: TonClient;

  beforeAll(async () => {
    run = simulate({ seed: 5, transactions: 2_000, vaultTestMode: true });
    server = await startTonCenterServer({ rateLimit: false });
    server.store.addTransactions(run.records);
    registerSimulationGetMethods(server.store, run);
    client = new TonClient({ endpoint: server.url, timeout: 5_000 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('vault methods report the simulated state (stack layouts of spec §6)', async () => {
    const v = run.expected.vault;
    const vault = Address.parseRaw(v.address);
    expect((await client.runMethod(vault, 'get_total_capital')).stack.readBigNumber()).toBe(v.totalCapital);
    expect((await client.runMethod(vault, 'get_accumulated_premiums')).stack.readBigNumber()).toBe(
      v.accumulatedPremiums,
    );
    expect((await client.runMethod(vault, 'get_accumulated_losses')).stack.readBigNumber()).toBe(
      v.accumulatedLosses,
    );
    const cb = (await client.runMethod(vault, 'get_circuit_breaker_status')).stack;
    expect([cb.readNumber(), cb.readBigNumber()]).toEqual([
      v.circuitBreaker.windowStart,
      v.circuitBreaker.losses,
    ]);
    for (const t of v.tranches) {
      const info = (await client.runMethod(vault, 'get_tranche_info', [{ type: 'int', value: BigInt(t.id) }]))
        .stack;
      expect(info.readBigNumber()).toBe(t.capital);
      expect(info.readNumber()).toBe(t.apyMinBps);
      expect(info.readNumber()).toBe(t.apyMaxBps);
      expect(info.readNumber()).toBe(t.curveType);
      expect(info.readNumber()).toBe(t.allocationPercent);
      expect(info.readBigNumber()).toBe(t.accumulatedYield);
      expect(info.readAddress().toRawString()).toBe(t.tokenAddress);
      expect(info.readBigNumber()).toBe(t.totalTokens);
      const nav = (await client.runMethod(vault, 'get_tranche_nav', [{ type: 'int', value: BigInt(t.id) }]))
        .stack;
      expect(nav.readBigNumber()).toBe(t.nav);
    }
    await expect(client.runMethod(vault, 'get_tranche_info', [{ type: 'int', value: 7n }])).rejects.toThrow(
      /401/,
    );
    const [user, balance] = Object.entries(v.depositorBalances)[0]!;
    const b = (
      await client.runMethod(vault, 'get_depositor_balance', [{ type: 'slice', cell: beginAddress(user) }])
    ).stack;
    expect([b.readNumber(), b.readBigNumber()]).toEqual([balance.trancheId, balance.tokens]);
  });

  it('router, shard and treasury methods report the simulated state', async () => {
    const r = run.expected.router;
    const router = Address.parseRaw(r.address);
    expect((await client.runMethod(router, 'get_next_policy_id')).stack.readBigNumber()).toBe(r.nextPolicyId);
    expect((await client.runMethod(router, 'get_total_policies')).stack.readBigNumber()).toBe(
      r.totalPolicies,
    );
    for (const s of run.expected.shards) {
      const stats = (await client.runMethod(Address.parseRaw(s.address), 'get_shard_stats')).stack;
      expect([stats.readNumber(), stats.readNumber()]).toEqual([s.shardId, s.policyCount]);
      const p = s.policies[0];
      if (p) {
        const full = (
          await client.runMethod(Address.parseRaw(s.address), 'get_full_policy_data', [
            { type: 'int', value: p.policyId },
          ])
        ).stack;
        expect(full.readBigNumber()).toBe(p.policyId);
        expect(full.readAddress().toRawString()).toBe(p.user);
      }
    }
    const t = run.expected.treasury;
    const stats = (await client.runMethod(Address.parseRaw(t.address), 'get_treasury_stats')).stack;
    expect([stats.readBigNumber(), stats.readBigNumber(), stats.readBigNumber()]).toEqual([
      t.totalPremiums,
      t.totalPayouts,
      t.reserve,
    ]);
  });

  it('a drift injection skews exactly the chosen value', async () => {
    const store = server.store;
    registerSimulationGetMethods(store, run, { drift: { method: 'get_tranche_capital', arg: 2, delta: 5n } });
    const vault = Address.parseRaw(run.expected.vault.address);
    const two = (await client.runMethod(vault, 'get_tranche_capital', [{ type: 'int', value: 2n }])).stack;
    expect(two.readBigNumber()).toBe(run.expected.vault.tranches[1]!.capital + 5n);
    const three = (await client.runMethod(vault, 'get_tranche_capital', [{ type: 'int', value: 3n }])).stack;
    expect(three.readBigNumber()).toBe(run.expected.vault.tranches[2]!.capital);
    registerSimulationGetMethods(store, run);
  });
});

/** The slice argument the vault's get_depositor_balance takes: one address. */
function beginAddress(raw: string) {
  return beginCell().storeAddress(Address.parseRaw(raw)).endCell();
}

describe('simulate command functions', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tonstream-sim-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('simulateToFile writes gzipped raw records, the contract map and the expected state', async () => {
    const output = join(dir, 'sim.jsonl.gz');
    const contractsOut = join(dir, 'contracts.json');
    const expectedOut = join(dir, 'expected.json');
    const summary = await simulateToFile({ seed: 9, transactions: 400, output, contractsOut, expectedOut });
    const lines = gunzipSync(await readFile(output))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(400);
    const first = decodeRawRecord(lines[0]!);
    expect(first.source).toBe('simulator');
    const reference = simulate({ seed: 9, transactions: 400 });
    expect(lines.map((l) => JSON.parse(l).hash)).toEqual(reference.records.map((r) => r.hash));
    expect(JSON.parse(await readFile(contractsOut, 'utf8'))).toEqual(reference.contracts);
    expect(JSON.parse(await readFile(expectedOut, 'utf8')).vault.totalCapital).toBe(
      reference.expected.vault.totalCapital.toString(),
    );
    expect(summary.transactions).toBe(400);
  });

  it('serveSimulation releases everything at rate 0 with matching get-methods', async () => {
    const served = await serveSimulation({ seed: 4, transactions: 300, rate: 0 });
    try {
      await served.done;
      expect(served.released()).toBe(300);
      const client = new TonClient({ endpoint: served.url, timeout: 5_000 });
      const e = served.simulation.expected();
      const vault = Address.parseRaw(e.vault.address);
      expect((await client.runMethod(vault, 'get_total_capital')).stack.readBigNumber()).toBe(
        e.vault.totalCapital,
      );
      const txs = await client.getTransactions(Address.parseRaw(e.router.address), { limit: 5 });
      expect(txs.length).toBeGreaterThan(0);
    } finally {
      await served.close();
    }
  });

  it('serveSimulation releases at a rate, parents first, keeping get-methods in step', async () => {
    const served = await serveSimulation({ seed: 4, transactions: 120, rate: 400 });
    try {
      await new Promise((r) => setTimeout(r, 120));
      expect(served.released()).toBeLessThan(120);
      await served.done;
      expect(served.released()).toBe(120);
      const client = new TonClient({ endpoint: served.url, timeout: 5_000 });
      const e = served.simulation.expected();
      const router = Address.parseRaw(e.router.address);
      expect((await client.runMethod(router, 'get_total_policies')).stack.readBigNumber()).toBe(
        e.router.totalPolicies,
      );
    } finally {
      await served.close();
    }
  });
});
