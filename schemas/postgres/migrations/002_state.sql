-- Current state derived by the state stage. Every row carries the lt / event it was last changed by; amounts are
-- exact nanoTON in numeric(39,0) (wider than any coins value the contracts can hold).

-- Audit log of every decoded canonical event, unique by event id: the state stage applies an event at most once.
CREATE TABLE IF NOT EXISTS events (
    event_id      text PRIMARY KEY,                 -- account:lt:hash:index
    event_type    text NOT NULL,
    kind          text NOT NULL,
    account       text NOT NULL,
    state_owner   text NOT NULL,
    lt            numeric(20, 0) NOT NULL,
    tx_hash       text NOT NULL,
    event_index   integer NOT NULL,
    utime         timestamptz NOT NULL,
    policy_id     numeric(20, 0),
    product_key   text,
    tranche_id    smallint,
    amount        numeric(39, 0),                   -- the event's main amount (coverage, deposit, premium, loss, …)
    data          jsonb NOT NULL,                   -- the whole event with its enrichment
    applied_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS events_owner_lt ON events (state_owner, lt);
CREATE INDEX IF NOT EXISTS events_type_time ON events (event_type, utime DESC);
CREATE INDEX IF NOT EXISTS events_policy ON events (policy_id) WHERE policy_id IS NOT NULL;

-- Per-contract derived state (the state model's JSON), with the position it reflects.
CREATE TABLE IF NOT EXISTS contract_state (
    address       text PRIMARY KEY,
    kind          text NOT NULL,
    state         jsonb NOT NULL,
    last_lt       numeric(20, 0) NOT NULL,
    last_event_id text,
    last_utime    timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Policy books (v2 factory/shards, v3 children), one row per (contract, policy id).
CREATE TABLE IF NOT EXISTS policies (
    contract        text NOT NULL,
    policy_id       numeric(20, 0) NOT NULL,
    kind            text NOT NULL,
    generation      text NOT NULL CHECK (generation IN ('v2', 'v3')),
    holder          text,
    product_key     text,
    coverage_type   smallint,
    chain_id        smallint,
    stablecoin_id   smallint,
    product_type    smallint,
    asset_id        integer,
    coverage        numeric(39, 0) NOT NULL,
    premium         numeric(39, 0),
    start_time      timestamptz,
    expiry_time     timestamptz,
    status          text NOT NULL CHECK (status IN ('active', 'claimed', 'expired', 'inactive')),
    created_lt      numeric(20, 0) NOT NULL,
    updated_lt      numeric(20, 0) NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contract, policy_id)
);
CREATE INDEX IF NOT EXISTS policies_product ON policies (product_key);
CREATE INDEX IF NOT EXISTS policies_active_expiry ON policies (expiry_time) WHERE status = 'active';

-- Active exposure per product (v2 coverage type × chain × stablecoin in contract ids; v3 product × asset).
CREATE TABLE IF NOT EXISTS product_exposure (
    product_key      text PRIMARY KEY,
    generation       text NOT NULL,
    coverage_type    smallint,
    chain_id         smallint,
    stablecoin_id    smallint,
    product_type     smallint,
    asset_id         integer,
    active_coverage  numeric(39, 0) NOT NULL,
    active_policies  integer NOT NULL,
    total_premiums   numeric(39, 0) NOT NULL DEFAULT 0,
    total_payouts    numeric(39, 0) NOT NULL DEFAULT 0,
    last_lt          numeric(20, 0),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Per vault and tranche: the old backend's tranche_utilization columns (total capital, coverage sold,
-- utilization ratio, current APY) and the vault model's exact figures.
CREATE TABLE IF NOT EXISTS tranche_state (
    vault                   text NOT NULL,
    tranche_id              smallint NOT NULL,
    tranche_name            text NOT NULL,
    generation              text NOT NULL,
    total_capital_nanoton   numeric(39, 0) NOT NULL,
    coverage_sold_nanoton   numeric(39, 0) NOT NULL,   -- allocated active coverage
    utilization_ratio       double precision NOT NULL,
    current_apy             double precision,          -- percent
    utilization_bps         integer NOT NULL,
    apy_bps                 integer,
    accumulated_yield       numeric(39, 0) NOT NULL,
    total_tokens            numeric(39, 0) NOT NULL,
    nav                     numeric(39, 0) NOT NULL,
    collateralization_bps   numeric(39, 0),
    available_capacity      numeric(39, 0),
    last_lt                 numeric(20, 0),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vault, tranche_id)
);

-- Alerts with open/resolved state.
CREATE TABLE IF NOT EXISTS alerts (
    alert_id     text PRIMARY KEY,
    alert_type   text NOT NULL,
    severity     text NOT NULL CHECK (severity IN ('info', 'warn', 'critical')),
    subject      text NOT NULL,
    state        text NOT NULL CHECK (state IN ('open', 'resolved')),
    value        text,
    threshold    text,
    message      text NOT NULL,
    opened_at    timestamptz NOT NULL,
    resolved_at  timestamptz,
    last_lt      numeric(20, 0),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alerts_open ON alerts (alert_type) WHERE state = 'open';

-- Latest drift check per contract and metric.
CREATE TABLE IF NOT EXISTS drift_latest (
    address      text NOT NULL,
    kind         text NOT NULL,
    metric       text NOT NULL,
    chain_value  numeric(39, 0),
    derived      numeric(39, 0),
    abs_drift    numeric(39, 0),
    rel_drift    double precision,
    exact        boolean NOT NULL,
    status       text NOT NULL CHECK (status IN ('ok', 'warn', 'critical', 'pending')),
    at_lt        numeric(20, 0),
    reconciled   boolean NOT NULL DEFAULT false,
    checked_at   timestamptz NOT NULL,
    PRIMARY KEY (address, metric)
);

-- Dimension tables in the contract id space (filled from schemas/reference by the migrate command).
CREATE TABLE IF NOT EXISTS dim_coverage_types (id smallint PRIMARY KEY, key text NOT NULL, name text NOT NULL);
CREATE TABLE IF NOT EXISTS dim_chains (id smallint PRIMARY KEY, key text NOT NULL, name text NOT NULL);
CREATE TABLE IF NOT EXISTS dim_stablecoins (id smallint PRIMARY KEY, key text NOT NULL, symbol text NOT NULL);
CREATE TABLE IF NOT EXISTS dim_products (
    product_key text PRIMARY KEY, coverage_type smallint NOT NULL, chain_id smallint NOT NULL, stablecoin_id smallint NOT NULL,
    valid boolean NOT NULL, product_hash bigint
);
CREATE TABLE IF NOT EXISTS dim_tranches (
    generation text NOT NULL, tranche_id smallint NOT NULL, name text NOT NULL, apy_min_bps integer, apy_max_bps integer,
    curve_type smallint, allocation_percent smallint, PRIMARY KEY (generation, tranche_id)
);
CREATE TABLE IF NOT EXISTS dim_reference_version (id boolean PRIMARY KEY DEFAULT true, version integer NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now());
