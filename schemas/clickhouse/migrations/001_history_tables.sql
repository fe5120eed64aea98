-- History tables of the pipeline. Runs on ClickHouse 18.16 and on current releases: DateTime (TON time has
-- one-second resolution), UInt64 nanoTON amounts, ReplacingMergeTree keyed by the natural identity of a row so
-- that retries and replays collapse to one row (read with FINAL or argMax; the analyst views do).
-- `{database}` is replaced by the runner with the target database; statements end with `;`.

-- Every canonical event with its enrichment dimensions.
--
-- PARTITION BY toYYYYMM(utime): analyst questions are time-bounded (last day/week/month), so month partitions
-- prune most data, stay few (tens per year, no "too many parts"), and utime is a fact of the transaction, so an
-- event never moves between partitions (ReplacingMergeTree only collapses rows inside one partition).
--
-- ORDER BY (toDate(utime), account, lt, event_index): (account, lt, event_index) is the event id
-- (`account:lt:hash:index`; the hash is implied by account + lt), so duplicates collapse exactly on the event id.
-- The day prefix makes time-range filters use the primary index at day granularity, and inside a day rows of one
-- contract are contiguous and in lt order, so "what did contract X do between A and B" reads a few ranges.
-- Product and event type are deliberately NOT in the key: both come from decoding/enrichment, and a decoder or
-- reference-data fix that changes them must replace the old row (same key, higher version), not add a second one.
-- Per-product questions go to exposure_snapshots, which is keyed by product.
CREATE TABLE IF NOT EXISTS {database}.events (
    event_id            String,
    event_type          String,
    kind                String,
    generation          String,                 -- 'v2' | 'v3' from the contract kind, '' otherwise
    account             String,                 -- raw wc:hex of the transaction's account
    state_owner         String,                 -- contract whose state the event changes (Kafka key)
    lt                  UInt64,
    tx_hash             FixedString(64),
    event_index         UInt16,
    utime               DateTime,
    origin              String,                 -- in-message | log | out-message | transaction
    op                  Nullable(UInt32),
    log_id              Nullable(UInt32),
    is_primary          UInt8,                  -- 0 only for PolicyCreated copies that aggregates must skip
    policy_id           Nullable(UInt64),
    user                Nullable(String),       -- the end user the event concerns (user, depositor, claimant, ...)
    coverage_type       Nullable(UInt32),
    chain_id            Nullable(UInt32),
    stablecoin_id       Nullable(UInt32),
    product_type        Nullable(UInt32),
    asset_id            Nullable(UInt32),
    product_key         String,                 -- 'depeg:ethereum:usdc' | 'v3:depeg:usdt' | '' (no product)
    product_valid       Nullable(UInt8),
    coverage_type_name  String,
    chain_name          String,
    stablecoin_symbol   String,
    v3_product_name     String,
    v3_asset_name       String,
    tranche_id          Nullable(UInt8),
    tranche_name        String,
    coverage_amount     Nullable(UInt64),       -- nanoTON
    premium             Nullable(UInt64),
    expected_premium    Nullable(UInt64),
    premium_mismatch    Nullable(UInt8),
    amount              Nullable(UInt64),
    token_amount        Nullable(UInt64),
    payout              Nullable(UInt64),
    message_value       Nullable(UInt64),
    amounts_overflow    UInt8,                  -- 1: an amount exceeded UInt64; its column is NULL, exact value in data
    reference_version   UInt32,
    -- The event's data block as JSON (amounts as decimal strings). The enrichment block is not stored: each of
    -- its facts is a column above or a row of a dimension table (reference_version says which data was used).
    data                String,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(utime)
ORDER BY (toDate(utime), account, lt, event_index)
SETTINGS index_granularity = 8192;

-- Per-window tranche state. One row per (window_size, window_start, vault, tranche_id); a late event re-emits the
-- window with a higher version, which replaces the earlier row. The key leads with the series identity
-- (window_size, vault, tranche_id) and ends with window_start, so "one tranche over time" is one contiguous range.
CREATE TABLE IF NOT EXISTS {database}.tranche_snapshots (
    window_size         String,                 -- '1m' | '1h' | '1d'
    window_start        DateTime,
    window_end          DateTime,
    vault               String,
    generation          String,
    tranche_id          UInt8,
    tranche_name        String,
    capital             UInt64,
    accumulated_yield   UInt64,
    total_tokens        UInt64,
    nav                 UInt64,
    allocated_coverage  UInt64,
    utilization_bps     UInt64,
    apy_bps             Nullable(UInt32),
    deposits            UInt64,
    withdrawals         UInt64,
    premiums            UInt64,
    losses              UInt64,
    deposit_count       UInt32,
    withdrawal_count    UInt32,
    last_lt             UInt64,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (window_size, vault, tranche_id, window_start)
SETTINGS index_granularity = 8192;

-- Per-window product exposure, keyed like tranche_snapshots with the product key as the series identity.
CREATE TABLE IF NOT EXISTS {database}.exposure_snapshots (
    window_size         String,
    window_start        DateTime,
    window_end          DateTime,
    product_key         String,
    generation          String,
    coverage_type       Nullable(UInt32),
    chain_id            Nullable(UInt32),
    stablecoin_id       Nullable(UInt32),
    product_type        Nullable(UInt32),
    asset_id            Nullable(UInt32),
    active_coverage     UInt64,
    active_policies     UInt32,
    new_coverage        UInt64,
    new_policies        UInt32,
    premiums            UInt64,
    payouts             UInt64,
    claims              UInt32,
    expired_policies    UInt32,
    last_lt             UInt64,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (window_size, product_key, window_start)
SETTINGS index_granularity = 8192;

-- Chain (get-method) value versus derived value, per check, contract and metric. Values are decimal strings:
-- some metrics are wider than UInt64 and the drift is signed. A retried write of the same check collapses.
CREATE TABLE IF NOT EXISTS {database}.drift_history (
    checked_at          DateTime,
    address             String,
    kind                String,
    metric              String,
    chain_value         String,
    derived_value       String,
    abs_drift           String,
    rel_drift           Float64,
    exact               UInt8,                  -- 1: compared to the nanoTON (the values must be equal)
    status              String,                 -- 'ok' when there is no drift; otherwise the severity
    at_lt               UInt64,                 -- derived state as of this lt
    reconciled          UInt8
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(checked_at)
ORDER BY (address, metric, checked_at)
SETTINGS index_granularity = 8192;

-- Alert state transitions: one row per (alert, time, state); the version settles a rewrite of the same transition.
CREATE TABLE IF NOT EXISTS {database}.alerts_history (
    alert_id            String,
    type                String,
    severity            String,
    subject             String,
    state               String,                 -- 'open' | 'resolved'
    value               String,                 -- exact decimal (or text) of the measured value
    threshold           String,
    message             String,
    at                  DateTime,
    at_lt               UInt64,
    version             UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(at)
ORDER BY (alert_id, at, state)
SETTINGS index_granularity = 8192;

-- Raw transactions (optional archive of ton.transactions.v1), keyed by the transaction identity.
CREATE TABLE IF NOT EXISTS {database}.raw_transactions (
    account             String,
    lt                  UInt64,
    hash                FixedString(64),
    utime               DateTime,
    boc                 String,
    source              String
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(utime)
ORDER BY (account, lt)
SETTINGS index_granularity = 8192;
