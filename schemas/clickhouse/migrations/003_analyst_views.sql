-- Analyst views: plain views (no materialized views: those would count replayed inserts twice), no window
-- functions, one JOIN per SELECT level (18.16 allows no more), so they run on 18.16 and current releases.
-- Every view reads deduplicated rows (FINAL or argMax), so analysts never see a replayed row twice.

-- Events, one row per event id (the highest version).
CREATE VIEW IF NOT EXISTS {database}.events_current AS
SELECT * FROM {database}.events FINAL;

-- Snapshots, one row per (window_size, window_start, key): a late correction (higher version) has replaced
-- the earlier row.
CREATE VIEW IF NOT EXISTS {database}.tranche_snapshots_current AS
SELECT * FROM {database}.tranche_snapshots FINAL;

CREATE VIEW IF NOT EXISTS {database}.exposure_snapshots_current AS
SELECT * FROM {database}.exposure_snapshots FINAL;

-- The most recent window of every tranche, per window size.
CREATE VIEW IF NOT EXISTS {database}.tranche_latest AS
SELECT *
FROM {database}.tranche_snapshots FINAL
WHERE (window_size, vault, tranche_id, window_start) IN (
    SELECT window_size, vault, tranche_id, max(window_start)
    FROM {database}.tranche_snapshots
    GROUP BY window_size, vault, tranche_id
);

-- The most recent window of every product, per window size.
CREATE VIEW IF NOT EXISTS {database}.exposure_latest AS
SELECT *
FROM {database}.exposure_snapshots FINAL
WHERE (window_size, product_key, window_start) IN (
    SELECT window_size, product_key, max(window_start)
    FROM {database}.exposure_snapshots
    GROUP BY window_size, product_key
);

-- One catalogue of product keys for both generations: v2 (coverage type x chain x stablecoin) and v3
-- (product type x asset), with uniform label columns for grouping.
CREATE VIEW IF NOT EXISTS {database}.product_catalog AS
SELECT
    product_key,
    'v2' AS generation,
    coverage_type_name AS category,
    chain_name,
    stablecoin_symbol AS asset,
    valid
FROM {database}.products FINAL
UNION ALL
SELECT
    product_key,
    'v3' AS generation,
    product_name AS category,
    '' AS chain_name,
    name AS asset,
    toUInt8(1) AS valid
FROM {database}.v3_assets FINAL;

-- Daily exposure per product with its labels (1d windows). category = coverage type (v2) or product (v3),
-- asset = stablecoin (v2) or asset (v3); unknown products keep their key and get empty labels.
CREATE VIEW IF NOT EXISTS {database}.exposure_daily AS
SELECT
    toDate(window_start) AS day,
    product_key,
    generation,
    coverage_type,
    chain_id,
    stablecoin_id,
    product_type,
    asset_id,
    category,
    chain_name,
    asset,
    active_coverage,
    active_policies,
    new_coverage,
    new_policies,
    premiums,
    payouts,
    claims,
    expired_policies
FROM (
    SELECT * FROM {database}.exposure_snapshots FINAL WHERE window_size = '1d'
)
ANY LEFT JOIN (
    SELECT product_key, category, chain_name, asset FROM {database}.product_catalog
) USING product_key;

-- Daily exposure rolled up by coverage type (v2) or product type (v3) and chain.
CREATE VIEW IF NOT EXISTS {database}.exposure_daily_by_category AS
SELECT
    day,
    generation,
    category,
    chain_name,
    sum(active_coverage) AS active_coverage,
    sum(active_policies) AS active_policies,
    sum(new_coverage) AS new_coverage,
    sum(new_policies) AS new_policies,
    sum(premiums) AS premiums,
    sum(payouts) AS payouts,
    sum(claims) AS claims
FROM {database}.exposure_daily
GROUP BY day, generation, category, chain_name;

-- Utilization and APY of every tranche over time (all window sizes; filter on window_size).
CREATE VIEW IF NOT EXISTS {database}.tranche_utilization AS
SELECT
    window_size,
    window_start,
    window_end,
    vault,
    generation,
    tranche_id,
    tranche_name,
    capital,
    allocated_coverage,
    utilization_bps,
    utilization_bps / 100 AS utilization_percent,
    apy_bps,
    apy_bps / 100 AS apy_percent,
    nav,
    premiums,
    losses
FROM {database}.tranche_snapshots FINAL;

-- Drift per day, contract kind and metric.
CREATE VIEW IF NOT EXISTS {database}.drift_daily AS
SELECT
    toDate(checked_at) AS day,
    kind,
    metric,
    count() AS checks,
    countIf(status != 'ok') AS drifted_checks,
    countIf(exact = 1 AND abs_drift != '0') AS exact_mismatches,
    max(rel_drift) AS max_rel_drift,
    avg(rel_drift) AS avg_rel_drift,
    uniqExact(address) AS contracts
FROM {database}.drift_history FINAL
GROUP BY day, kind, metric;

-- The latest check of every (contract, metric).
CREATE VIEW IF NOT EXISTS {database}.drift_latest AS
SELECT *
FROM {database}.drift_history FINAL
WHERE (address, metric, checked_at) IN (
    SELECT address, metric, max(checked_at)
    FROM {database}.drift_history
    GROUP BY address, metric
);

-- The current state of every alert: its latest transition (a resolve in the same second as the open wins).
CREATE VIEW IF NOT EXISTS {database}.alerts_current AS
SELECT
    alert_id,
    argMax(a_type, a_order) AS type,
    argMax(a_severity, a_order) AS severity,
    argMax(a_subject, a_order) AS subject,
    argMax(a_state, a_order) AS state,
    argMax(a_value, a_order) AS value,
    argMax(a_threshold, a_order) AS threshold,
    argMax(a_message, a_order) AS message,
    argMax(a_at, a_order) AS at,
    argMax(a_at_lt, a_order) AS at_lt,
    min(a_at) AS first_at
FROM (
    SELECT
        alert_id,
        type AS a_type,
        severity AS a_severity,
        subject AS a_subject,
        state AS a_state,
        value AS a_value,
        threshold AS a_threshold,
        message AS a_message,
        at AS a_at,
        at_lt AS a_at_lt,
        (at, state = 'resolved', version) AS a_order
    FROM {database}.alerts_history FINAL
)
GROUP BY alert_id;

CREATE VIEW IF NOT EXISTS {database}.alerts_open AS
SELECT * FROM {database}.alerts_current WHERE state = 'open';
