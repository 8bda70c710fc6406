#!/usr/bin/env bash
# Runs every test: unit, integration (real PostgreSQL started by the fixture) and browser tests (Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet test BudgetPortal.sln -c Release --logger "console;verbosity=normal" "$@"
