-- LP token counts are not nanoTON amounts: after losses shrink a tranche's NAV, deposits mint more tokens than a
-- UInt64 holds. Keep them (and NAV, for symmetry) as exact decimal strings; ClickHouse 18.16 has no wider integer.
ALTER TABLE {database}.tranche_snapshots MODIFY COLUMN total_tokens String;
