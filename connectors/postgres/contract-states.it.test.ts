import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractStateStore } from '../../operators/state/contract-state-store.js';
import type { CanonicalEvent } from '../../schemas/events/canonical-event.js';
import { freshPostgresDatabase } from '../../test/support/servers.js';
import { loadContractStates } from './contract-states.js';
import { createPool, migratePostgres, readMigrations } from './migrate.js';
import {
  changedPolicies,
  upsertContractStates,
  upsertPolicies,
  writeContractEntries,
} from './state-writer.js';

const SHARD = '0:' + 'cd'.repeat(32);
const USER = '0:' + 'ef'.repeat(32);
const TON = 1_000_000_000n;

const VAULT = '0:' + 'ab'.repeat(32);

let lt = 5000n;
function ev(
  type: string,
  data: Record<string, unknown>,
  utime = 1_700_000_000,
  owner = SHARD,
  kind = 'policy-shard-v2',
): CanonicalEvent {
  lt += 10n;
  return {
    eventId: `${owner}:${lt}:h:0`,
    schemaVersion: 1,
    type,
    account: owner,
    stateOwner: owner,
    kind,
    lt: lt.toString(),
    hash: 'h',
    utime,
    index: 0,
    origin: 'in-message',
    op: null,
    logId: null,
    data,
  } as CanonicalEvent;
}

const created = (policyId: bigint, coverage: bigint, durationDays: number | null) =>
  ev('PolicyCreated', {
    primary: true,
    policyId,
    user: USER,
    coverageType: 1,
    chainId: 2,
    stablecoinId: 3,
    productType: null,
    assetId: null,
    coverageAmount: coverage,
    premium: policyId === 2n ? null : TON / 10n,
    durationDays,
    durationHours: null,
    startTime: 1_700_000_000 + Number(policyId),
    expiry: null,
  });

async function writeBatches(
  pool: ReturnType<typeof createPool>,
  store: ContractStateStore,
  batches: CanonicalEvent[][],
) {
  for (const batch of batches) {
    const { changes } = store.apply(batch);
    const client = await pool.connect();
    try {
      await upsertContractStates(client, changes);
      await writeContractEntries(client, changes);
      await upsertPolicies(client, changedPolicies(changes, new Set()));
    } finally {
      client.release();
    }
  }
}

describe('loadContractStates (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  beforeAll(async () => {
    db = await freshPostgresDatabase();
  });
  afterAll(async () => db?.drop());

  it('puts each policy book back together from its state row and its policies rows', async () => {
    await migratePostgres(db.url, 'books');
    const pool = createPool(db.url, 'books', 1);
    try {
      const store = new ContractStateStore();
      // Three batches, as the state stage writes them: creations, then a claim, then a deactivation.
      const batches = [
        [created(1n, 10n * TON, 30), created(2n, 20n * TON, null), created(3n, 5n * TON, 7)],
        [ev('PolicyClaimed', { policyId: 1n, user: USER, coverageAmount: null })],
        [ev('PolicyDeactivated', { policyId: 3n })],
      ];
      await writeBatches(pool, store, batches);
      const row = (await pool.query('SELECT state::text AS s FROM contract_state')).rows[0].s as string;
      expect(row).not.toContain('"policies"');

      const [loaded] = await loadContractStates(pool);
      expect(loaded).toEqual(store.get(SHARD));
      expect(Object.keys((loaded as { policies: object }).policies)).toHaveLength(3);
      expect(await loadContractStates(pool, ['0:' + '00'.repeat(32)])).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it("keeps a vault's pending transactions one row each, changed and deleted as the events say", async () => {
    await migratePostgres(db.url, 'vaults');
    const pool = createPool(db.url, 'vaults', 1);
    const v = (type: string, data: Record<string, unknown>) =>
      ev(type, data, 1_700_000_000, VAULT, 'vault-v2');
    const deposit = (txId: bigint) =>
      v('DepositMade', { trancheId: 1, depositor: USER, amount: 10n * TON, tokens: 10n * TON, txId });
    try {
      const store = new ContractStateStore();
      await writeBatches(pool, store, [
        [deposit(11n), deposit(12n), deposit(13n)],
        [
          v('MintBurnRetried', { txId: 12n, retryCount: 2, backoffSeconds: 60, op: 1 }),
          v('PendingTxConfirmed', { txId: 11n, confirmation: 'minted' }),
        ],
        [v('PremiumsDistributed', { amount: TON })],
      ]);
      const row = (await pool.query('SELECT state::text AS s FROM contract_state')).rows[0].s as string;
      expect(row).not.toContain('pendingTxs');
      const keys = await pool.query(
        "SELECT key, value->>'retries' AS retries FROM contract_entries ORDER BY key",
      );
      expect(keys.rows).toEqual([
        { key: '12', retries: '2' },
        { key: '13', retries: '0' },
      ]);
      const [loaded] = await loadContractStates(pool);
      expect(loaded).toEqual(store.get(VAULT));
    } finally {
      await pool.end();
    }
  });

  it("keeps an NFT minter's owners one row each, out of its state row", async () => {
    await migratePostgres(db.url, 'minters');
    const pool = createPool(db.url, 'minters', 1);
    const MINTER = '0:' + '12'.repeat(32);
    const OTHER = '0:' + '34'.repeat(32);
    const m = (type: string, data: Record<string, unknown>) =>
      ev(type, data, 1_700_000_000, MINTER, 'policy-nft-minter-v3');
    const minted = (policyId: bigint) =>
      m('PolicyNftMinted', {
        policyId,
        productType: 1,
        assetId: 2,
        owner: USER,
        coverageAmount: TON,
        expiry: 0,
      });
    try {
      const store = new ContractStateStore();
      await writeBatches(pool, store, [
        [minted(1n), minted(2n), minted(3n)],
        [m('NftTransferred', { nftId: 2n, from: USER, to: OTHER }), m('NftBurned', { nftId: 3n })],
      ]);
      const row = (await pool.query('SELECT state::text AS s FROM contract_state')).rows[0].s as string;
      expect(row).not.toContain('owners');
      const owners = await pool.query(
        "SELECT key, value #>> '{}' AS owner FROM contract_entries WHERE collection = 'owners' ORDER BY key",
      );
      const state = store.get(MINTER) as { owners: Record<string, string> };
      expect(owners.rows).toEqual(Object.entries(state.owners).map(([key, owner]) => ({ key, owner })));
      expect(owners.rows.map((r) => r.owner)).toContain(OTHER);
      expect(owners.rows).toHaveLength(2);
      const [loaded] = await loadContractStates(pool);
      expect(loaded).toEqual(store.get(MINTER));
    } finally {
      await pool.end();
    }
  });

  it('moves the owners of state rows written before migration 005 into their own rows', async () => {
    await migratePostgres(
      db.url,
      'legacy',
      readMigrations().filter((m) => m.version < 5),
    );
    const pool = createPool(db.url, 'legacy', 1);
    const MINTER = '0:' + '56'.repeat(32);
    try {
      const legacy = {
        address: MINTER,
        kind: 'policy-nft-minter-v3',
        family: 'nft-minter',
        owners: { '1': USER, '2': null },
      };
      await pool.query(
        `INSERT INTO contract_state (address, kind, state, last_lt) VALUES ($1, 'policy-nft-minter-v3', $2, 1)`,
        [MINTER, JSON.stringify(legacy)],
      );
      expect(await migratePostgres(db.url, 'legacy')).toEqual([5]);
      const row = (await pool.query('SELECT state FROM contract_state')).rows[0].state as object;
      expect(row).not.toHaveProperty('owners');
      const [loaded] = await loadContractStates(pool);
      expect((loaded as unknown as { owners: object }).owners).toEqual({ '1': USER, '2': null });
    } finally {
      await pool.end();
    }
  });
});
