-- An NFT minter's owners (one entry per NFT ever minted) join the collections kept one row per entry in
-- contract_entries; rows written before move out of the contract_state row.
ALTER TABLE contract_entries DROP CONSTRAINT IF EXISTS contract_entries_collection_check;
ALTER TABLE contract_entries ADD CONSTRAINT contract_entries_collection_check
    CHECK (collection IN ('pendingTxs', 'depositorBalances', 'owners'));
INSERT INTO contract_entries (address, collection, key, value)
SELECT s.address, 'owners', o.key, o.value
  FROM contract_state s, jsonb_each(s.state -> 'owners') AS o
 WHERE jsonb_typeof(s.state -> 'owners') = 'object'
ON CONFLICT (address, collection, key) DO NOTHING;
UPDATE contract_state SET state = state - 'owners' WHERE state ? 'owners';
