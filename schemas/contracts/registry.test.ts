import { beginCell, Cell } from '@ton/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bitsHex,
  coins,
  counted,
  int,
  message,
  payload,
  ref,
  rest,
  struct,
  uint,
  uintBig,
  address,
  LayoutError,
  type Rng,
} from './common/codec.js';
import { loadBouncedBody, storeBouncedBody } from './common/bounced.js';
import { methodId } from './common/method-id.js';
import { CONTRACT_KINDS, isContractKind } from './kinds.js';
import {
  CONTRACT_REGISTRY,
  contractSpec,
  getMethodSpec,
  inboundOp,
  logSpecOf,
  outMessageSpec,
} from './registry.js';
import { deposit, loadDeposit, storeDeposit } from './v2/vault/deposit.js';
import { policyRoutedToShardLog } from './v2/policy-router/policy-routed-to-shard-log.js';

/** Deterministic generator (mulberry32) so failures reproduce from the fast-check seed. */
function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface AnyCodec {
  name: string;
  load(slice: ReturnType<Cell['beginParse']>): unknown;
  store(value: any): (b: ReturnType<typeof beginCell>) => void;
  sample(rng: Rng): unknown;
}

function roundTrip(codec: AnyCodec, seed: number): void {
  const value = codec.sample(rngFrom(seed));
  const cell = beginCell().store(codec.store(value)).endCell();
  const slice = cell.beginParse();
  expect(codec.load(slice)).toEqual(value);
  // Layout consumed exactly what it wrote.
  expect(slice.remainingBits).toBe(0);
  expect(slice.remainingRefs).toBe(0);
}

describe('contract kind registry', () => {
  it('has one spec per fixed kind name, and only those', () => {
    expect(Object.keys(CONTRACT_REGISTRY).sort()).toEqual([...CONTRACT_KINDS].sort());
    for (const kind of CONTRACT_KINDS) {
      expect(contractSpec(kind).kind).toBe(kind);
      expect(contractSpec(kind).generation).toBe(kind.endsWith('-v2') ? 'v2' : 'v3');
    }
    expect(isContractKind('vault-v2')).toBe(true);
    expect(isContractKind('vault-v4')).toBe(false);
    expect(isContractKind(42)).toBe(false);
  });

  it('keeps logs on v2 kinds only and documents the unemitted v3 logs', () => {
    for (const kind of CONTRACT_KINDS) {
      const spec = contractSpec(kind);
      if (spec.generation === 'v3') {
        expect(spec.logs.size).toBe(0);
        expect(spec.unemittedLogs.length).toBeGreaterThan(0);
      } else {
        expect(spec.unemittedLogs.length).toBe(0);
      }
    }
  });

  it('keys every op, out-message and log under its own number', () => {
    for (const kind of CONTRACT_KINDS) {
      const spec = contractSpec(kind);
      for (const [op, s] of spec.ops) {
        expect(s.op).toBe(op);
        if (s.codec) expect(s.codec.op).toBe(op);
        else expect(s.noStateChange).toBeTruthy();
      }
      const outOps = spec.outMessages.map((o) => o.op);
      expect(new Set(outOps).size).toBe(outOps.length);
      for (const [id, l] of spec.logs) expect(l.codec.id).toBe(id);
    }
    expect(inboundOp('vault-v2', 0x01)?.name).toBe('deposit');
    expect(inboundOp('vault-v3', 0x13)?.name).toBe('pause');
    expect(outMessageSpec('vault-v2', 21)?.name).toBe('mint-request');
    expect(logSpecOf('policy-shard-v2', 0x51)?.name).toBe('policy-created-in-shard-log');
    expect(logSpecOf('treasury-v2', 0x51)?.name).toBe('yield-confirmation-log');
  });
});

describe('get-method ids', () => {
  it('matches the values the spec verified', () => {
    expect(methodId('get_jetton_data')).toBe(106029);
    expect(methodId('get_wallet_address')).toBe(103289);
    expect(methodId('get_total_capital')).toBe(115246);
    expect(methodId('get_tranche_info')).toBe(66051);
    expect(methodId('get_next_policy_id')).toBe(114687);
    expect(methodId('get_version')).toBe(82320);
    expect(methodId('get_float_allocations')).toBe(106060);
  });

  it('is computed for every registered get-method and agrees with the spec table', () => {
    const table: Record<string, number> = {
      get_total_coverage_sold: 99731,
      get_paused: 87711,
      get_tranche_capital: 94913,
      get_tranche_apy: 90173,
      get_tranche_nav: 101793,
      get_tranche_total_tokens: 67249,
      get_tranche_token_address: 96402,
      get_tranche_state: 95392,
      get_depositor_balance: 93276,
      get_accumulated_premiums: 115501,
      get_accumulated_losses: 89710,
      get_circuit_breaker_status: 126852,
      get_test_mode: 125917,
      get_seq_no: 83390,
      get_owner: 80293,
      get_admin: 113142,
      get_claims_processor: 88265,
      get_vault: 114801,
      get_master_factory: 101917,
      get_float_manager: 128826,
      get_protocol_earned_capital: 108302,
      get_tranche_deposit_time: 90146,
      get_total_policies: 71271,
      get_total_policies_created: 92443,
      get_total_coverage: 74796,
      get_total_active_coverage: 102863,
      get_active_coverage_capital: 81540,
      get_expired_coverage_capital: 80643,
      get_policy: 105599,
      get_policy_data: 117907,
      get_full_policy_data: 66332,
      get_shard_stats: 71261,
      get_shard_health: 116257,
      get_policy_shard_address: 71740,
      get_shard_by_id: 84109,
      get_registered_shard_count: 126322,
      calculate_premium_external: 111377,
      get_product_factory: 98744,
      is_factory_deployed: 103688,
      get_child: 77880,
      has_child: 114245,
      get_total_children: 113559,
      get_treasury_stats: 105512,
      get_all_tranche_yields: 82524,
      get_total_yield_distributed: 126694,
      get_reserve_balance: 94514,
      get_total_premiums_collected: 129169,
      get_total_payouts_made: 81607,
      get_multi_tranche_vault: 81491,
      get_total_supply: 122870,
      get_unlock_time: 94398,
      is_unlocked: 85698,
      get_lock_period: 93794,
      get_vault_address: 76695,
      get_next_nft_id: 92140,
      get_total_nfts_minted: 126598,
      get_nft_metadata: 72893,
      get_nft_owner: 92437,
      get_escrow_info: 86951,
      get_status: 100881,
      get_collateral_amount: 103283,
    };
    for (const [name, id] of Object.entries(table)) expect(methodId(name), name).toBe(id);
    for (const kind of CONTRACT_KINDS) {
      for (const g of contractSpec(kind).getMethods) {
        expect(g.id).toBe(methodId(g.name));
        if (table[g.name] !== undefined) expect(g.id, `${kind} ${g.name}`).toBe(table[g.name]);
      }
    }
    expect(getMethodSpec('vault-v2', 'get_tranche_info')?.id).toBe(66051);
    expect(getMethodSpec('vault-v3', 'get_tranche_total_tokens')).toBeUndefined();
  });
});

describe('codec round trips (encode → decode → deep equal)', () => {
  for (const kind of CONTRACT_KINDS) {
    const spec = contractSpec(kind);
    const codecs: [string, AnyCodec][] = [
      ...[...spec.ops.values()]
        .filter((o) => o.codec)
        .map((o): [string, AnyCodec] => [`op 0x${o.op.toString(16)} ${o.name}`, o.codec as AnyCodec]),
      ...spec.outMessages.map((o): [string, AnyCodec] => [
        `out ${o.op === null ? '(no op)' : `0x${o.op.toString(16)}`} ${o.name}`,
        o.codec as AnyCodec,
      ]),
      ...[...spec.logs.values()].map((l): [string, AnyCodec] => [
        `log 0x${l.id.toString(16)} ${l.name}`,
        l.codec as AnyCodec,
      ]),
    ];
    describe(kind, () => {
      for (const [label, codec] of codecs) {
        it(label, () => {
          fc.assert(
            fc.property(fc.integer(), (seed) => roundTrip(codec, seed)),
            { numRuns: 40 },
          );
        });
      }
    });
  }

  it('writes the exact bits the contract reads (vault-v2 deposit)', () => {
    const cell = beginCell()
      .store(storeDeposit({ trancheId: 3 }))
      .endCell();
    expect(cell.bits.length).toBe(40);
    expect(cell.beginParse().loadUint(32)).toBe(0x01);
    expect(loadDeposit(cell.beginParse())).toEqual({ trancheId: 3 });
    expect(deposit.op).toBe(1);
  });

  it('reads a v3 op + ref body from the ref', () => {
    const spec = contractSpec('vault-v3').outMessages.find((o) => o.name === 'mint-request')!;
    const value = { txId: 7n, depositor: '0:' + '11'.repeat(32), tokens: 5n };
    const cell = beginCell().store(spec.codec.store(value)).endCell();
    expect(cell.bits.length).toBe(32);
    expect(cell.refs.length).toBe(1);
    expect(spec.codec.load(cell.beginParse())).toEqual(value);
  });

  it('reports the failing field on underflow', () => {
    const short = beginCell().storeUint(1, 64).endCell();
    expect(() => policyRoutedToShardLog.load(short.beginParse())).toThrow(LayoutError);
    try {
      policyRoutedToShardLog.load(short.beginParse());
    } catch (err) {
      expect((err as LayoutError).field).toBe('shardId');
    }
  });

  it('rejects a wrong op and out-of-range values', () => {
    const other = beginCell().storeUint(0x02, 32).storeUint(1, 8).endCell();
    expect(() => loadDeposit(other.beginParse())).toThrow(/expected op 0x1/);
    expect(() => beginCell().store(storeDeposit({ trancheId: 256 }))).toThrow(LayoutError);
    const m = message(0x99, 'probe', 'inline', { a: coins, b: int(32), c: uintBig(64), d: address });
    expect(() => beginCell().store(m.store({ a: -1n, b: 0, c: 0n, d: null }))).toThrow(LayoutError);
    expect(() => beginCell().store(m.store({ a: 0n, b: 2 ** 31, c: 0n, d: null }))).toThrow(LayoutError);
    expect(() => beginCell().store(m.store({ a: 0n, b: 0, c: 1n << 64n, d: null }))).toThrow(LayoutError);
    expect(() => beginCell().store(m.store({ a: 0n, b: 0, c: 0n, d: 'EQ-not-raw' }))).toThrow(LayoutError);
  });

  it('round-trips the layout primitives directly', () => {
    const layout = payload('all', {
      u: uint(16),
      s: int(32),
      c: coins,
      a: address,
      sig: ref(struct({ sig: bitsHex(512), big: uintBig(256) })),
      nested: ref(struct({ x: uint(8) })),
      list: ref(counted(8, struct({ id: uint(8), who: address }))),
      tail: rest,
    });
    fc.assert(
      fc.property(fc.integer(), (seed) => roundTrip(layout as unknown as AnyCodec, seed)),
      { numRuns: 100 },
    );
  });

  it('reads bounce bodies', () => {
    const cell = beginCell()
      .store(storeBouncedBody(0x15, Buffer.from('0000000000000001', 'hex')))
      .endCell();
    const b = loadBouncedBody(cell.beginParse());
    expect(b.originalOp).toBe(0x15);
    expect(b.originalTailBits).toBe(64);
    expect(() => loadBouncedBody(beginCell().storeUint(1, 32).endCell().beginParse())).toThrow(LayoutError);
  });
});
