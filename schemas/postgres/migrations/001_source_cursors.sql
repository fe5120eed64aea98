-- Per-address cursor of the account source: advanced only after Kafka acknowledged the records up to it.
CREATE TABLE IF NOT EXISTS source_cursors (
    address            text PRIMARY KEY,          -- raw wc:hex
    kind               text NOT NULL,             -- contract kind (vault-v2, ...)
    last_lt            numeric(20, 0),            -- last published transaction; NULL = nothing yet
    last_hash          text,                      -- hex
    chain_last_lt      numeric(20, 0),            -- newest lt the endpoint reported (lag = chain_last_lt - last_lt)
    transactions_seen  bigint NOT NULL DEFAULT 0,
    status             text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'ok', 'error')),
    last_error         text,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Kafka offsets of stages that keep them next to their data (exactly-once effect): committed in the same
-- transaction as the rows they produced.
CREATE TABLE IF NOT EXISTS consumer_offsets (
    consumer_group  text NOT NULL,
    topic           text NOT NULL,
    partition       integer NOT NULL,
    next_offset     bigint NOT NULL,               -- the next offset to read
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
