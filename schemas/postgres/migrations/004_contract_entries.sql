-- Entries of contracts' unbounded keyed collections (a vault's pending mint/burn transactions and depositor
-- balances), one row each, written as they change; the contract_state row leaves these collections out.
CREATE TABLE IF NOT EXISTS contract_entries (
    address       text NOT NULL,
    collection    text NOT NULL CHECK (collection IN ('pendingTxs', 'depositorBalances')),
    key           text NOT NULL,                    -- pending tx id (decimal) or depositor address
    value         jsonb NOT NULL,                   -- the entry as the state model holds it (amounts as strings)
    PRIMARY KEY (address, collection, key)
);
