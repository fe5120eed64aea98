#!/usr/bin/env bash
# The main job on one machine: local stack up, migrations, then every stage in one process (`tonstream run`).
# Extra arguments go to `tonstream run` (see `npx tsx pipelines/cli.ts run --help`).
set -euo pipefail
cd "$(dirname "$0")/../.."
# `npm install` (not `npm ci`): npm here omits other platforms' optional packages from the lock, which `npm ci` rejects.
[[ -d node_modules ]] || npm install --no-audit --no-fund
bash deploy/local/stack.sh up
while IFS= read -r line; do export "${line?}"; done < <(bash deploy/local/stack.sh env)
exec npx tsx pipelines/cli.ts run "$@"
