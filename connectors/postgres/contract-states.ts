import type pg from 'pg';
import { partFromJson, stateFromJson } from '../../operators/state/state-json.js';
import type { BookPolicy, ContractState } from '../../schemas/state/contract-state.js';
import { ENTRY_COLLECTIONS } from './state-writer.js';

interface PolicyRowOut {
  contract: string;
  policy_id: string;
  holder: string | null;
  coverage_type: number | null;
  chain_id: number | null;
  stablecoin_id: number | null;
  product_type: number | null;
  asset_id: number | null;
  coverage: string;
  premium: string | null;
  start_time: string | null;
  expiry_time: string | null;
  status: 'active' | 'claimed' | 'expired' | 'inactive';
}

/** A `policies` row as the book entry it was written from (a claim always deactivates, so status says both). */
function bookPolicy(r: PolicyRowOut): BookPolicy {
  return {
    policyId: BigInt(r.policy_id),
    user: r.holder,
    coverageType: r.coverage_type,
    chainId: r.chain_id,
    stablecoinId: r.stablecoin_id,
    productType: r.product_type,
    assetId: r.asset_id,
    coverage: BigInt(r.coverage),
    premium: r.premium === null ? null : BigInt(r.premium),
    startTime: r.start_time === null ? 0 : Number(r.start_time),
    expiry: r.expiry_time === null ? null : Number(r.expiry_time),
    active: r.status === 'active',
    claimed: r.status === 'claimed',
  };
}

/**
 * Current derived state from PostgreSQL: `contract_state` rows with what the state row leaves out put back — each
 * policy book's policies from `policies`, each vault's pending transactions and depositor balances and each NFT
 * minter's owners from `contract_entries`. `addresses` limits the read to those contracts.
 */
export async function loadContractStates(
  db: pg.Pool | pg.ClientBase,
  addresses?: readonly string[],
): Promise<ContractState[]> {
  const { rows } = addresses
    ? await db.query('SELECT state FROM contract_state WHERE address = ANY($1::text[])', [addresses])
    : await db.query('SELECT state FROM contract_state');
  const states = rows.map((r) => stateFromJson(r.state));
  const withEntries = new Map(
    states.filter((s) => ENTRY_COLLECTIONS[s.family]).map((s) => [s.address, s] as const),
  );
  if (withEntries.size) {
    // Values as JSON text: an entry may be a JSON string (an owner address), which a parsed jsonb would hand
    // back as a bare string that `partFromJson` would take for JSON text.
    const entries = await db.query<{ address: string; collection: string; key: string; value: string }>(
      'SELECT address, collection, key, value::text AS value FROM contract_entries WHERE address = ANY($1::text[]) ORDER BY 1, 2, 3',
      [[...withEntries.keys()]],
    );
    for (const r of entries.rows) {
      const state = withEntries.get(r.address);
      if (!state || !ENTRY_COLLECTIONS[state.family]?.includes(r.collection)) continue;
      (state as unknown as Record<string, Record<string, unknown>>)[r.collection]![r.key] = partFromJson(
        r.value,
      );
    }
  }
  const books = new Map(states.filter((s) => s.family === 'policy-book').map((s) => [s.address, s] as const));
  if (books.size === 0) return states;
  const policies = await db.query<PolicyRowOut>(
    `SELECT contract, policy_id::text, holder, coverage_type, chain_id, stablecoin_id, product_type, asset_id,
            coverage::text, premium::text, extract(epoch FROM start_time)::bigint::text AS start_time,
            extract(epoch FROM expiry_time)::bigint::text AS expiry_time, status
       FROM policies WHERE contract = ANY($1::text[]) ORDER BY contract, policy_id`,
    [[...books.keys()]],
  );
  for (const r of policies.rows) {
    const book = books.get(r.contract);
    if (book?.family === 'policy-book') book.policies[r.policy_id] = bookPolicy(r);
  }
  return states;
}
