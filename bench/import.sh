#!/usr/bin/env bash
# Import benchmark (issue 5, issue 7 (e)): the workbook of the largest budget reference disclosure (000 辽宁省, 18
# tables) uploaded into a new draft of the same table set and confirmed, through HTTP like a person would, timed per
# step (median of BENCH_RUNS drafts). Loopback only, a private portal on an embedded PostgreSQL with the demo accounts;
# with BENCH_BASE set (bench/perf.sh does), against that running portal instead (it must have the demo accounts).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUNS="${BENCH_RUNS:-5}"
WORK="$(mktemp -d /tmp/budgetportal-import-bench.XXXXXX)"
chmod 755 "$WORK"
PORTAL=""
cleanup() { if [ -n "$PORTAL" ]; then kill "$PORTAL" 2>/dev/null || true; wait "$PORTAL" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT

if [ -n "${BENCH_BASE:-}" ]; then
    BASE="$BENCH_BASE"
else
    BASE="http://127.0.0.1:${BENCH_PORT:-5181}"
    dotnet build src/BudgetPortal.Web -c Release -v q -nologo >/dev/null
    dotnet src/BudgetPortal.Web/bin/Release/net10.0/BudgetPortal.Web.dll --urls "$BASE" --Portal:DataPath="$WORK/data" \
        --Portal:DemoAccounts=true --Serilog:MinimumLevel:Default=Warning >"$WORK/portal.log" 2>&1 &
    PORTAL=$!
    for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/health" && break; sleep 0.5; done
fi

JAR="$WORK/cookies"
token() { curl -s -b "$JAR" -c "$JAR" "$BASE$1" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
curl -s -o "$WORK/liaoning.xlsx" "$BASE/disclosures/liaoning-2023-budget/xlsx"
curl -s -o /dev/null -b "$JAR" -c "$JAR" -X POST "$BASE/account/login" \
    --data-urlencode "Input.Email=staff@demo.budgetportal" --data-urlencode "Input.Password=demo-portal-2025" \
    --data-urlencode "__RequestVerificationToken=$(token /account/login)"
DEPT="$(curl -s -b "$JAR" "$BASE/staff" | grep -o '<option value="[0-9]*">辽宁省医疗保障局</option>' | grep -o '[0-9]\+' | head -1)"

upload_times=(); confirm_times=(); changes=""
for i in $(seq 1 "$RUNS"); do
    year=$((2040 + i))
    version_url="$(curl -s -o /dev/null -w '%{redirect_url}' -b "$JAR" -c "$JAR" -X POST "$BASE/staff?handler=Create" \
        --data-urlencode "Draft.DepartmentId=$DEPT" --data-urlencode "Draft.Year=$year" --data-urlencode "Draft.Kind=Budget" \
        --data-urlencode "Draft.TableSet=liaoning-province-budget" --data-urlencode "__RequestVerificationToken=$(token /staff)")"
    version="${version_url##*/}"
    tok="$(token "/staff/versions/$version/import")"
    upload_times+=("$(curl -s -o "$WORK/preview.html" -w '%{time_total}' -b "$JAR" -c "$JAR" -F "__RequestVerificationToken=$tok" \
        -F "file=@$WORK/liaoning.xlsx" "$BASE/staff/versions/$version/import/upload")")
    pending="$(grep -o 'name="pendingId" value="[^"]*"' "$WORK/preview.html" | sed 's/.*value="//; s/"$//' || true)"
    [ -n "$pending" ] || { echo "upload refused:"; grep -o "form-error[^<]*>[^<]*" "$WORK/preview.html" | head -5; exit 1; }
    changes="$(grep -o '将带来的变化（[0-9]* 处）' "$WORK/preview.html")"
    tok="$(token "/staff/versions/$version/import")"
    confirm_times+=("$(curl -s -o /dev/null -w '%{time_total}' -b "$JAR" -c "$JAR" -X POST "$BASE/staff/versions/$version/import/confirm" \
        --data-urlencode "pendingId=$pending" --data-urlencode "__RequestVerificationToken=$tok")")
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f", 1000 * ((NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
UP=$(median "${upload_times[@]}"); CONF=$(median "${confirm_times[@]}")
echo "BudgetPortal import benchmark — 000 辽宁省 workbook ($(du -k "$WORK/liaoning.xlsx" | cut -f1) KB, $changes) into a new draft, median of $RUNS"
printf '%-52s %10s\n' "step" "median ms"
printf '%-52s %10s\n' "upload: read and check the workbook, cell-by-cell preview" "$UP"
printf '%-52s %10s\n' "confirm: apply in one transaction, audit each cell" "$CONF"
echo "import (upload + confirm) = $((UP + CONF)) ms (target < 300 ms, issue 16): $([ $((UP + CONF)) -lt 300 ] && echo met || echo 'NOT met')"
