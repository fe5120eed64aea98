import { beginCell, Cell } from '@ton/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../pipelines/runtime/errors.js';
import { CONTRACT_KINDS, type ContractKind } from '../../schemas/contracts/kinds.js';
import { contractSpec } from '../../schemas/contracts/registry.js';
import { storeDepositRolledBackLog } from '../../schemas/contracts/v2/vault/deposit-rolled-back-log.js';
import { storeMintRequest } from '../../schemas/contracts/v2/vault/mint-request.js';
import { storeDeposit } from '../../schemas/contracts/v2/vault/deposit.js';
import { storeCreatePolicy } from '../../schemas/contracts/v2/policy-router/create-policy.js';
import { storePolicyRoutedToShardLog } from '../../schemas/contracts/v2/policy-router/policy-routed-to-shard-log.js';
import { storePolicyCreationBouncedLog } from '../../schemas/contracts/v2/policy-router/policy-creation-bounced-log.js';
import { storeCreatePolicySharded } from '../../schemas/contracts/v2/policy-shard/create-policy-sharded.js';
import { storePolicyCreatedInShardLog } from '../../schemas/contracts/v2/policy-shard/policy-created-in-shard-log.js';
import { storeShardPausedUnpausedLog } from '../../schemas/contracts/v2/policy-shard/shard-paused-unpaused-log.js';
import { storeBouncedBody } from '../../schemas/contracts/common/bounced.js';
import { eventFromJson, eventToJson } from '../../schemas/events/event-json.js';
import { decodeTransaction } from './decode-transaction.js';
import {
  ACCOUNT,
  OTHER,
  SENDER,
  bodyCell,
  buildTransaction,
  internalMessage,
  logMessage,
} from './transaction-builder.js';

const user = SENDER;

function expectDecodeError(fn: () => unknown, field?: string): DecodeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError);
    if (field) expect((err as DecodeError).where.field).toBe(field);
    return err as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

describe('decodeTransaction: successful transactions', () => {
  it('vault-v2 deposit → DepositMade with the tokens and tx id of the mint message', () => {
    const { input } = buildTransaction({
      inMessage: internalMessage({ value: 5_000_000_000n, body: bodyCell(storeDeposit({ trancheId: 2 })) }),
      outMessages: [
        internalMessage({
          src: ACCOUNT,
          dest: OTHER,
          value: 100_000_000n,
          body: bodyCell(storeMintRequest({ txId: 42n, depositor: user, tokens: 4_900_000_000n })),
        }),
      ],
    });
    const { facts, events } = decodeTransaction(input, 'vault-v2');
    expect(facts.success).toBe(true);
    expect(facts.outcome).toBe('state-change');
    expect(facts.inMessage).toMatchObject({
      op: 1,
      opName: 'deposit',
      src: user,
      value: 5_000_000_000n,
      bodyKind: 'op',
    });
    expect(facts.outMessages).toEqual([
      expect.objectContaining({ op: 21, name: 'mint-request', dest: OTHER, value: 100_000_000n }),
    ]);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toMatchObject({
      type: 'DepositMade',
      account: ACCOUNT,
      stateOwner: ACCOUNT,
      kind: 'vault-v2',
      lt: '1000',
      index: 0,
      origin: 'in-message',
      op: 1,
      logId: null,
      data: { trancheId: 2, depositor: user, amount: 5_000_000_000n, tokens: 4_900_000_000n, txId: 42n },
    });
    expect(e.eventId).toBe(`${ACCOUNT}:1000:${input.hash}:0`);
    expect(eventFromJson(JSON.parse(JSON.stringify(eventToJson(e))))).toEqual(e);
  });

  it('router create_policy folds log 0x54 into one non-primary PolicyCreated (no double count)', () => {
    const log = bodyCell(
      storePolicyRoutedToShardLog({
        policyId: 300n,
        shardId: 44,
        user,
        coverageType: 0,
        chainId: 0,
        stablecoinId: 0,
        coverageAmount: 100_000_000_000n,
        durationDays: 90,
        premium: 197_260_273n,
      }),
    );
    const { input } = buildTransaction({
      inMessage: internalMessage({
        value: 1_000_000_000n,
        body: bodyCell(
          storeCreatePolicy({
            coverageType: 0,
            chainId: 0,
            stablecoinId: 0,
            coverageAmount: 100_000_000_000n,
            durationDays: 90,
          }),
        ),
      }),
      outMessages: [logMessage(0x54, log)],
    });
    const { facts, events } = decodeTransaction(input, 'policy-router-v2');
    expect(facts.outMessages[0]).toMatchObject({
      type: 'external-out',
      logId: 0x54,
      name: 'policy-routed-to-shard-log',
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'PolicyCreated',
      logId: 0x54,
      data: {
        primary: false,
        policyId: 300n,
        shardId: 44,
        premium: 197_260_273n,
        durationDays: 90,
        startTime: 1_700_000_000,
      },
    });
  });

  it('shard create_policy_sharded → primary PolicyCreated with the product hash of log 0x51', () => {
    const policy = {
      policyId: 300n,
      user,
      coverageType: 1,
      chainId: 6,
      stablecoinId: 3,
      coverageAmount: 50_000_000_000n,
      durationDays: 30,
    };
    const { input } = buildTransaction({
      inMessage: internalMessage({ body: bodyCell(storeCreatePolicySharded({ ...policy, premium: 123n })) }),
      outMessages: [
        logMessage(
          0x51,
          bodyCell(
            storePolicyCreatedInShardLog({ ...policy, shardId: 44, productHash: (1 << 16) | (6 << 8) | 3 }),
          ),
        ),
      ],
    });
    const { events } = decodeTransaction(input, 'policy-shard-v2');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      primary: true,
      policyId: 300n,
      premium: 123n,
      shardId: 44,
      productHash: 0x10603,
    });
  });

  it('turns an unconsumed log into its own event (shard pause flag)', () => {
    const { input } = buildTransaction({
      inMessage: internalMessage({ body: bodyCell((b) => b.storeUint(0x70, 32)) }),
      outMessages: [logMessage(0x53, bodyCell(storeShardPausedUnpausedLog({ shardId: 1, paused: true })))],
    });
    const { events } = decodeTransaction(input, 'policy-shard-v2');
    expect(events.map((e) => [e.type, e.logId])).toEqual([['ContractPaused', 0x53]]);
  });

  it('treasury empty body credits the reserve; a vault empty body changes nothing', () => {
    const plain = buildTransaction({ inMessage: internalMessage({ value: 7n }) }).input;
    const t = decodeTransaction(plain, 'treasury-v2');
    expect(t.events.map((e) => e.type)).toEqual(['ReserveDeposited']);
    const v = decodeTransaction(plain, 'vault-v2');
    expect(v.events).toEqual([]);
    expect(v.facts.outcome).toBe('no-state-change');
    expect(v.facts.outcomeReason).toMatch(/empty body/);
  });

  it('text comments and unknown ops', () => {
    const comment = buildTransaction({
      inMessage: internalMessage({ body: bodyCell((b) => b.storeUint(0, 32).storeStringTail('hi')) }),
    }).input;
    expect(decodeTransaction(comment, 'vault-v3').facts.outcome).toBe('no-state-change');
    const unknown = buildTransaction({
      inMessage: internalMessage({ body: bodyCell((b) => b.storeUint(0x777, 32).storeUint(5, 8)) }),
    }).input;
    const d = decodeTransaction(unknown, 'claims-processor-v2');
    expect(d.facts.outcome).toBe('unknown-op');
    expect(d.events[0]).toMatchObject({ type: 'Unknown', data: { op: 0x777, sender: SENDER } });
    expect(Cell.fromBase64((d.events[0]!.data as { body: string }).body).bits.length).toBe(40);
    const stub = buildTransaction({
      inMessage: internalMessage({ body: bodyCell((b) => b.storeUint(0x02, 32)) }),
    }).input;
    expect(decodeTransaction(stub, 'claims-processor-v2').facts.outcome).toBe('no-state-change');
  });
});

describe('decodeTransaction: chain truth', () => {
  const depositBody = bodyCell(storeDeposit({ trancheId: 1 }));

  it('compute failure → TransactionFailed only, with exit code and the attempted op', () => {
    const { input } = buildTransaction({
      inMessage: internalMessage({ body: depositBody }),
      computeSuccess: false,
      exitCode: 5,
    });
    const { facts, events } = decodeTransaction(input, 'vault-v2');
    expect(facts.success).toBe(false);
    expect(facts.failure).toMatchObject({ phase: 'compute', exitCode: 5 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'TransactionFailed',
      origin: 'transaction',
      data: { phase: 'compute', exitCode: 5, attemptedOp: 1, attemptedOpName: 'deposit', bounced: false },
    });
  });

  it('action phase failure and skipped compute are failures too', () => {
    const action = buildTransaction({
      inMessage: internalMessage({ body: depositBody }),
      actionSuccess: false,
      actionResultCode: 34,
    }).input;
    expect(decodeTransaction(action, 'vault-v2').events[0]).toMatchObject({
      type: 'TransactionFailed',
      data: { phase: 'action', actionResultCode: 34 },
    });
    const skipped = buildTransaction({
      inMessage: internalMessage({ body: depositBody }),
      computeSkipped: true,
    }).input;
    expect(decodeTransaction(skipped, 'vault-v2').events[0]).toMatchObject({
      type: 'TransactionFailed',
      data: { phase: 'compute-skipped', skipReason: 'no-gas', exitCode: null },
    });
  });

  it('a failed body that does not match its layout is still just TransactionFailed', () => {
    const { input } = buildTransaction({
      inMessage: internalMessage({ body: bodyCell((b) => b.storeUint(0x30, 32)) }),
      computeSuccess: false,
    });
    expect(decodeTransaction(input, 'depeg-subfactory-v3').events.map((e) => e.type)).toEqual([
      'TransactionFailed',
    ]);
  });

  it('a handled bounce yields TransactionFailed plus what the handler logged (vault-v2 0x95)', () => {
    const bounce = bodyCell(storeBouncedBody(21, Buffer.from('000000000000002a', 'hex')));
    const { input } = buildTransaction({
      inMessage: internalMessage({
        src: OTHER,
        bounced: true,
        bounce: false,
        body: bounce,
        value: 90_000_000n,
      }),
      outMessages: [
        internalMessage({
          src: ACCOUNT,
          dest: user,
          value: 5_000_000_000n,
          body: bodyCell((b) => b.storeUint(0, 32)),
        }),
        logMessage(
          0x95,
          bodyCell(
            storeDepositRolledBackLog({ txId: 42n, trancheId: 2, originalAmount: 5_000_000_000n, user }),
          ),
        ),
      ],
    });
    const { facts, events } = decodeTransaction(input, 'vault-v2');
    expect(facts.inMessage).toMatchObject({
      bounced: true,
      bodyKind: 'bounced',
      bouncedOp: 21,
      opName: 'mint-request',
    });
    expect(facts.failure?.phase).toBe('bounced-in-message');
    expect(events.map((e) => e.type)).toEqual(['TransactionFailed', 'DepositRolledBack']);
    expect(events[0]!.data).toMatchObject({
      bounced: true,
      attemptedOp: 21,
      attemptedOpName: 'mint-request',
    });
    expect(events[1]).toMatchObject({
      origin: 'log',
      logId: 0x95,
      data: { txId: 42n, trancheId: 2, amount: 5_000_000_000n, user },
    });
    expect(facts.outcome).toBe('state-change');
  });

  it('router bounce of 0x60 → PolicyCreationBounced from log 0x59', () => {
    const { input } = buildTransaction({
      inMessage: internalMessage({
        src: OTHER,
        bounced: true,
        bounce: false,
        body: bodyCell(storeBouncedBody(0x60)),
      }),
      outMessages: [
        logMessage(0x59, bodyCell(storePolicyCreationBouncedLog({ policyId: 9n, op: 0x60, value: 0n }))),
      ],
    });
    const { events } = decodeTransaction(input, 'policy-router-v2');
    expect(events.map((e) => e.type)).toEqual(['TransactionFailed', 'PolicyCreationBounced']);
  });
});

describe('decodeTransaction: errors are DecodeError naming where', () => {
  it('malformed BOC, wrong hash, wrong lt, wrong account, bad account text', () => {
    const { input } = buildTransaction({
      inMessage: internalMessage({ body: bodyCell(storeDeposit({ trancheId: 1 })) }),
    });
    expectDecodeError(() => decodeTransaction({ ...input, boc: 'not base64 at all!!' }, 'vault-v2'), 'boc');
    expectDecodeError(
      () =>
        decodeTransaction(
          { ...input, boc: beginCell().storeUint(1, 8).endCell().toBoc().toString('base64') },
          'vault-v2',
        ),
      'boc',
    );
    expectDecodeError(() => decodeTransaction({ ...input, hash: 'ff'.repeat(32) }, 'vault-v2'), 'hash');
    expectDecodeError(() => decodeTransaction({ ...input, lt: '1001' }, 'vault-v2'), 'lt');
    expectDecodeError(() => decodeTransaction({ ...input, account: OTHER }, 'vault-v2'), 'account');
    expectDecodeError(() => decodeTransaction({ ...input, account: 'nonsense' }, 'vault-v2'), 'account');
  });

  it('a successful body that does not match its layout names op and field', () => {
    const { input } = buildTransaction({
      inMessage: internalMessage({ body: bodyCell((b) => b.storeUint(0x02, 32).storeUint(1, 8)) }),
    });
    const err = expectDecodeError(() => decodeTransaction(input, 'vault-v2'), 'tokenAmount');
    expect(err.where).toMatchObject({ account: ACCOUNT, lt: '1000', op: 2 });
    expect(err.message).toMatch(/op 0x00000002/);
  });

  it('a log without its payload ref', () => {
    const broken = logMessage(0x95, Cell.EMPTY);
    broken.body = Cell.EMPTY;
    const { input } = buildTransaction({
      inMessage: internalMessage({ bounced: true, body: bodyCell(storeBouncedBody(21)) }),
      outMessages: [broken],
    });
    expectDecodeError(() => decodeTransaction(input, 'vault-v2'), 'payload');
  });
});

describe('decodeTransaction: property tests (never anything but DecodeError, never hangs)', () => {
  const kinds = fc.constantFrom(...CONTRACT_KINDS);
  const sample = buildTransaction({
    inMessage: internalMessage({ body: bodyCell(storeDeposit({ trancheId: 1 })) }),
    outMessages: [
      internalMessage({
        src: ACCOUNT,
        dest: OTHER,
        body: bodyCell(storeMintRequest({ txId: 1n, depositor: user, tokens: 1n })),
      }),
    ],
  });
  const sampleBytes = Buffer.from(sample.input.boc, 'base64');

  function runBounded(fn: () => unknown): void {
    const started = Date.now();
    try {
      fn();
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
    }
    expect(Date.now() - started).toBeLessThan(2000);
  }

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), kinds, (bytes, kind) =>
        runBounded(() =>
          decodeTransaction(
            { account: ACCOUNT, lt: '1000', hash: '', utime: 0, boc: Buffer.from(bytes).toString('base64') },
            kind,
          ),
        ),
      ),
      { numRuns: 300 },
    );
  });

  it('truncated BOCs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sampleBytes.length - 1 }), kinds, (cut, kind) =>
        runBounded(() =>
          decodeTransaction({ ...sample.input, boc: sampleBytes.subarray(0, cut).toString('base64') }, kind),
        ),
      ),
      { numRuns: 300 },
    );
  });

  it('bit-flipped BOCs (with and without the hash check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sampleBytes.length * 8 - 1 }),
        fc.boolean(),
        kinds,
        (bit, checkHash, kind) => {
          const flipped = Buffer.from(sampleBytes);
          flipped[bit >> 3]! ^= 1 << (bit & 7);
          runBounded(() =>
            decodeTransaction(
              { ...sample.input, hash: checkHash ? sample.input.hash : '', boc: flipped.toString('base64') },
              kind,
            ),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random bodies behind every known op of every kind, successful or bounced', () => {
    const ops = CONTRACT_KINDS.flatMap((kind) =>
      [...contractSpec(kind).ops.keys()].map((op): [ContractKind, number] => [kind, op]),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...ops),
        fc.uint8Array({ maxLength: 100 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        ([kind, op], bytes, refs, bounced) => {
          const body = beginCell().storeUint(bounced ? 0xffffffff : op, 32);
          if (bounced) body.storeUint(op, 32);
          body.storeBuffer(Buffer.from(bytes).subarray(0, 90));
          for (let i = 0; i < refs; i++)
            body.storeRef(beginCell().storeBuffer(Buffer.from(bytes).subarray(0, 60)).endCell());
          const { input } = buildTransaction({
            inMessage: internalMessage({ body: body.endCell(), bounced }),
          });
          runBounded(() => {
            const d = decodeTransaction(input, kind);
            // Whatever decodes must serialise to valid v1 JSON.
            for (const e of d.events)
              expect(eventFromJson(JSON.parse(JSON.stringify(eventToJson(e))))).toEqual(e);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
