-- Dimension tables, filled by the migration runner from schemas/reference (ids in the v2 contract id space).
-- ReplacingMergeTree(reference_version): two runners refreshing at once leave duplicates that FINAL collapses;
-- the runner truncates and reloads a table whenever its content differs from the bundled reference version.

CREATE TABLE IF NOT EXISTS {database}.coverage_types (
    id                  UInt8,
    key                 String,
    name                String,
    base_rate_bps       UInt32,
    reference_version   UInt32
) ENGINE = ReplacingMergeTree(reference_version)
ORDER BY id;

CREATE TABLE IF NOT EXISTS {database}.chains (
    id                  UInt8,
    key                 String,
    name                String,
    risk_multiplier_bps UInt32,
    reference_version   UInt32
) ENGINE = ReplacingMergeTree(reference_version)
ORDER BY id;

CREATE TABLE IF NOT EXISTS {database}.stablecoins (
    id                  UInt8,
    key                 String,
    symbol              String,
    risk_adjustment_bps Int32,
    tier_label          UInt8,
    contract_risk_tier  UInt8,
    reference_version   UInt32
) ENGINE = ReplacingMergeTree(reference_version)
ORDER BY id;

-- Every raw coverage type x chain x stablecoin combination (560), with validity (435 valid).
CREATE TABLE IF NOT EXISTS {database}.products (
    product_key         String,
    coverage_type       UInt8,
    chain_id            UInt8,
    stablecoin_id       UInt8,
    coverage_type_name  String,
    chain_name          String,
    stablecoin_symbol   String,
    valid               UInt8,
    product_hash        UInt32,                 -- (coverage_type << 16) | (chain_id << 8) | stablecoin_id
    adjusted_rate_bps   Int32,                  -- floor(base x chain multiplier / 10000) + stablecoin adjustment
    reference_version   UInt32
) ENGINE = ReplacingMergeTree(reference_version)
ORDER BY product_key;

CREATE TABLE IF NOT EXISTS {database}.tranches (
    generation          String,
    tranche_id          UInt8,
    key                 String,
    name                String,
    backend_id          String,
    apy_min_bps         UInt32,
    apy_max_bps         UInt32,
    curve_type          UInt8,
    curve_name          String,
    allocation_percent  UInt8,
    lock_period_seconds Nullable(UInt32),
    loss_order          UInt8,                  -- 1 = absorbs losses first
    reference_version   UInt32
) ENGINE = ReplacingMergeTree(reference_version)
ORDER BY (generation, tranche_id);

CREATE TABLE IF NOT EXISTS {database}.v3_products (
    product_type        UInt8,
    key                 String,
    name                String,
    sub_factory         String,
    sub_factory_kind    String,
    child_kind          String,
    shard_prefix        UInt8,
    apr_bps             Nullable(UInt32),
    reference_version   UInt32
) ENGINE = ReplacingMergeTree(reference_version)
ORDER BY product_type;

CREATE TABLE IF NOT EXISTS {database}.v3_assets (
    product_type        UInt8,
    asset_id            UInt16,
    product_key         String,                 -- 'v3:<product>:<asset>', as on events and exposure rows
    product_name        String,
    key                 String,
    name                String,
    apr_bps             Nullable(UInt32),       -- the asset's own APR where set, else the product's
    reference_version   UInt32
) ENGINE = ReplacingMergeTree(reference_version)
ORDER BY (product_type, asset_id);
