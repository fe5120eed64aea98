#!/usr/bin/env bash
# The test command: type-check, then unit and integration tests (integration tests start or reuse the real
# Kafka/PostgreSQL/ClickHouse servers through test/setup/global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
# `npm install` (not `npm ci`): npm here omits other platforms' optional packages from the lock, which `npm ci` rejects.
[[ -d node_modules ]] || npm install --no-audit --no-fund
npx tsc -p tsconfig.json --noEmit
exec npx vitest run --config test/vitest.config.ts "$@"
