#!/usr/bin/env bash
# Runs the portal at http://127.0.0.1:5080 on an embedded PostgreSQL (in .data/), filled with the reference disclosures.
# Further arguments go to the app as settings, e.g. ./run.sh --Portal:SyntheticDisclosures=20000 (see README, Scale).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/BudgetPortal.Web -c Release --no-launch-profile --urls "${PORTAL_URLS:-http://127.0.0.1:5080}" -- --Portal:DataPath="$PWD/.data" "$@"
