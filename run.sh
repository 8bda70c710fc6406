#!/usr/bin/env bash
# Runs the portal at http://127.0.0.1:5080 on an embedded PostgreSQL (in .data/).
#   ./run.sh demo   demo mode (Portal:Demo): the reference disclosures and the documented demo accounts
#   ./run.sh        an empty portal; give the first administrator with --Portal:Admin:Email=… --Portal:Admin:Password=…
# Further arguments go to the app as settings, e.g. ./run.sh demo --Portal:SyntheticDisclosures=20000 (README, Scale).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
mode=()
if [[ "${1:-}" == demo ]]; then
    mode=(--Portal:Demo=true)
    shift
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/BudgetPortal.Web -c Release --no-launch-profile --urls "${PORTAL_URLS:-http://127.0.0.1:5080}" -- --Portal:DataPath="$PWD/.data" ${mode[@]+"${mode[@]}"} "$@"
