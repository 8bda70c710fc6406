#!/usr/bin/env bash
# Import load check (issue 14): three concurrent uploads of a maximal workbook — as large as the import accepts, made
# by the portal itself from a draft whose classification tables were filled through the grid with 4,900 rows each —
# while the public pages are requested in a loop. Measures the portal process's resident memory (VmRSS, sampled every
# 0.1 s) and the public pages' latency before and during the imports. Loopback only, a private portal on an embedded
# PostgreSQL with the demo accounts and the production import settings (2 readings at a time, 20 s wait for a slot).
# Passes when the peak stays under CEILING_MB (default 2500: two readings of a 17 MB-of-XML workbook at once, the third
# queued) and every public request answered. 4,900 rows per table is the largest the importer accepts (5,000 rows a sheet).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
CEILING_MB="${CEILING_MB:-2500}"
TABLES="${BENCH_TABLES:-3 5 6 10 11 12}"
ROWS="${BENCH_ROWS:-4900}"
WORK="$(mktemp -d /tmp/budgetportal-import-load.XXXXXX)"
chmod 755 "$WORK"
PORTAL=""
SAMPLER=""
PROBE=""
cleanup() {
    for p in "$PROBE" "$SAMPLER" "$PORTAL"; do
        if [ -n "$p" ]; then kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

BASE="http://127.0.0.1:${BENCH_PORT:-5183}"
dotnet build src/BudgetPortal.Web -c Release -v q -nologo >/dev/null
dotnet src/BudgetPortal.Web/bin/Release/net10.0/BudgetPortal.Web.dll --urls "$BASE" --Portal:DataPath="$WORK/data" \
    --Portal:DemoAccounts=true --Serilog:MinimumLevel:Default=Warning >"$WORK/portal.log" 2>&1 &
PORTAL=$!
for _ in $(seq 1 240); do curl -sf -o /dev/null "$BASE/health" && break; sleep 0.5; done
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$PORTAL/status"; }

JAR="$WORK/cookies"
token() { curl -s -b "$JAR" -c "$JAR" "$BASE$1" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
curl -s -o /dev/null -b "$JAR" -c "$JAR" -X POST "$BASE/account/login" \
    --data-urlencode "Input.Email=staff@demo.budgetportal" --data-urlencode "Input.Password=demo-portal-2025" \
    --data-urlencode "__RequestVerificationToken=$(token /account/login)"
DEPT="$(curl -s -b "$JAR" "$BASE/staff" | grep -o '<option value="[0-9]*">辽宁省医疗保障局</option>' | grep -o '[0-9]\+' | head -1)"
draft() {
    local url
    url="$(curl -s -o /dev/null -w '%{redirect_url}' -b "$JAR" -c "$JAR" -X POST "$BASE/staff?handler=Create" \
        --data-urlencode "Draft.DepartmentId=$DEPT" --data-urlencode "Draft.Year=$1" --data-urlencode "Draft.Kind=Budget" \
        --data-urlencode "Draft.TableSet=liaoning-province-budget" --data-urlencode "__RequestVerificationToken=$(token /staff)")"
    echo "${url##*/}"
}

# 1. The maximal workbook: a draft whose classification tables hold ROWS rows each, posted through the grid.
SOURCE="$(draft 2060)"
for n in $TABLES; do
    page="$(curl -s -b "$JAR" -c "$JAR" "$BASE/staff/versions/$SOURCE/tables/$n")"
    tok="$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$page" | head -1 | sed 's/.*value="//; s/"$//')"
    table_id="$(grep -o 'name="TableId" value="[0-9]*"' <<<"$page" | head -1 | grep -o '[0-9]\+')"
    columns=$(( $(grep -o '<th scope="col">' <<<"$page" | wc -l) - 1 ))
    python3 - "$tok" "$table_id" "$columns" "$ROWS" >"$WORK/grid.form" <<'EOF'
import sys, urllib.parse
token, table_id, columns, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
fields = [("__RequestVerificationToken", token), ("TableId", table_id)]
for r in range(rows):
    for c in range(columns):
        fields.append((f"Cells[{r}][{c}]", str(2010101 + r) if c == 0 else f"负载测试科目{r}" if c == 1 else f"{(r * 37 + c * 11) % 100000}.{(r + c) % 100:02d}"))
    fields.append((f"Roles[{r}]", ""))
sys.stdout.write(urllib.parse.urlencode(fields))
EOF
    status="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$JAR" -c "$JAR" -H 'Content-Type: application/x-www-form-urlencoded' \
        --data-binary "@$WORK/grid.form" "$BASE/staff/versions/$SOURCE/tables/$n?handler=Save")"
    case "$status" in *saved=*) ;; *) echo "grid save of table $n refused: $status"; curl -s -b "$JAR" -c "$JAR" -H 'Content-Type: application/x-www-form-urlencoded' \
        --data-binary "@$WORK/grid.form" "$BASE/staff/versions/$SOURCE/tables/$n?handler=Save" | grep -A3 "form-error\|field-error\|errors" | head -20; exit 1 ;; esac
done
curl -s -b "$JAR" -o "$WORK/maximal.xlsx" "$BASE/staff/versions/$SOURCE/import/workbook"
xml_size() { python3 -c "import os, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(os.path.getsize(sys.argv[1]) // 1024, round(sum(i.file_size for i in z.infolist()) / 1048576, 2))" "$1"; }
read -r SIZE_KB XML_MB < <(xml_size "$WORK/maximal.xlsx")
curl -s -o "$WORK/liaoning.xlsx" "$BASE/disclosures/liaoning-2023-budget/xlsx"
read -r REF_KB REF_MB < <(xml_size "$WORK/liaoning.xlsx")

# 2. Three drafts to import it into, and the public pages' latency before.
TARGETS=("$(draft 2061)" "$(draft 2062)" "$(draft 2063)")
PAGES=("/" "/disclosures/liaoning-2023-budget" "/disclosures/liaoning-2023-budget?table=3" "/api/disclosures?year=2023")
probe() {
    while :; do
        for p in "${PAGES[@]}"; do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 30 "$BASE$p" >>"$1" || echo "000 30" >>"$1"; done
    done
}
for _ in 1 2 3 4 5; do for p in "${PAGES[@]}"; do curl -s -o /dev/null "$BASE$p"; done; done
probe "$WORK/before.txt" & PROBE=$!; sleep 5; kill "$PROBE"; wait "$PROBE" 2>/dev/null || true; PROBE=""
RSS_BEFORE="$(rss_mb)"

# 3. The three uploads at once, memory sampled and pages requested throughout.
( peak=0; while :; do r="$(rss_mb)"; [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" >"$WORK/peak"; sleep 0.1; done ) & SAMPLER=$!
probe "$WORK/during.txt" & PROBE=$!
START=$(date +%s.%N)
UPLOADS=()
for i in 0 1 2; do
    v="${TARGETS[$i]}"
    tok="$(token "/staff/versions/$v/import")"
    curl -s -o "$WORK/preview$i.html" -w '%{time_total}\n' -b "$JAR" -F "__RequestVerificationToken=$tok" \
        -F "file=@$WORK/maximal.xlsx" "$BASE/staff/versions/$v/import/upload" >"$WORK/upload$i.time" &
    UPLOADS+=($!)
done
wait "${UPLOADS[@]}"
END=$(date +%s.%N)
sleep 2
kill "$PROBE"; wait "$PROBE" 2>/dev/null || true; PROBE=""
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=""
PEAK="$(cat "$WORK/peak")"
sleep 5
RSS_AFTER="$(rss_mb)"

stats() { awk '{ print $2 }' "$1" | sort -n | awk '{ a[NR] = $1 } END { printf "%d requests, median %.0f ms, p95 %.0f ms, max %.0f ms", NR, 1000 * a[int((NR + 1) / 2)], 1000 * a[int(NR * 0.95 + 0.5)], 1000 * a[NR] }'; }
FAILED="$(awk '$1 != "200"' "$WORK/during.txt" | wc -l)"
echo "BudgetPortal import load check — 3 concurrent uploads of a maximal workbook ($SIZE_KB KB, $XML_MB MB of XML, tables $TABLES at $ROWS rows)"
echo "(for scale: the 18 tables of the 辽宁省 2023 budget are $REF_KB KB, $REF_MB MB of XML)"
for i in 0 1 2; do
    outcome="$(grep -o '将带来的变化（[0-9]* 处）\|当前导入任务较多，请稍后重试\|class="form-error"[^<]*>[^<]*' "$WORK/preview$i.html" | head -1)"
    printf 'upload %d: %6.1f s  %s\n' "$((i + 1))" "$(cat "$WORK/upload$i.time")" "$outcome"
done
printf 'all three done in %.1f s\n' "$(echo "$END - $START" | bc)"
echo "portal RSS: before $RSS_BEFORE MB, peak $PEAK MB during the uploads, $RSS_AFTER MB 5 s after (ceiling $CEILING_MB MB)"
echo "public pages before:  $(stats "$WORK/before.txt")"
echo "public pages during:  $(stats "$WORK/during.txt"), $FAILED not answered with 200"
if [ "$PEAK" -lt "$CEILING_MB" ] && [ "$FAILED" -eq 0 ]; then echo "met"; else echo "NOT met"; exit 1; fi
