#!/usr/bin/env bash
# Export benchmark (issues 4 and 16): on the largest reference disclosure, side by side in one run,
#   (1) the whole-disclosure PDF rendered by the portal (TaggedPdfWriter, decision 0340), (2) the whole-disclosure workbook (ClosedXML),
#   (3) headless Chromium printing the same disclosure page to PDF,
# each timed over BENCH_RUNS requests/launches (default 5) after BENCH_WARMUP warm-ups (default 3), and prints the ratio Chromium / portal PDF
# against the target of 30x. bench/PdfHarness times the exporter alone in one process (no HTTP, no database;
# wall clock, CPU per export, and each phase):
#   dotnet run -c Release --project bench/PdfHarness -- data/reference/001-fushun-2023-final.json 20 /tmp/out.pdf
# Loopback only; a private portal on an embedded PostgreSQL under a temporary data folder; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUNS="${BENCH_RUNS:-5}"
PORT="${BENCH_PORT:-5180}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d /tmp/budgetportal-bench.XXXXXX)"
chmod 755 "$WORK"

dotnet build src/BudgetPortal.Web -c Release -v q -nologo >/dev/null
dotnet src/BudgetPortal.Web/bin/Release/net10.0/BudgetPortal.Web.dll --urls "$BASE" --Portal:DataPath="$WORK/data" --Portal:SeedReferenceData=true \
    --Serilog:MinimumLevel:Default=Warning >"$WORK/portal.log" 2>&1 &
PORTAL=$!
cleanup() { kill "$PORTAL" 2>/dev/null || true; wait "$PORTAL" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/health" && break; sleep 0.5; done
curl -sf -o /dev/null "$BASE/health" || { echo "portal did not start; log:"; tail -20 "$WORK/portal.log"; exit 1; }

# The largest reference disclosure: the one with the most table rows.
SLUG="$(ls data/reference/*.json | python3 -c '
import json, sys
best = max((sum(len(t.get("rows", [])) for t in json.load(open(p))["tables"]), json.load(open(p))["slug"]) for p in sys.stdin.read().split())
print(best[1])')"
PAGE="$BASE/disclosures/$SLUG"

# Published responses are cached (output cache): every timed request carries a unique query so that it is rendered.
time_ms() { # command... → milliseconds (wall clock)
    local start end
    start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}
chromium_print() {
    chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-pdf-header-footer \
        --user-data-dir="$WORK/chromium" --print-to-pdf="$WORK/chromium.pdf" "$PAGE?run=$RANDOM$RANDOM"
}
measure() { # label, command... → median ms over RUNS after WARMUP warm-up runs (default 3: a server's steady state)
    local label="$1"; shift
    for _ in $(seq 1 "${BENCH_WARMUP:-3}"); do "$@" >/dev/null 2>&1; done
    local samples=()
    for _ in $(seq 1 "$RUNS"); do samples+=("$(time_ms "$@")"); done
    printf '%s\n' "${samples[@]}" | sort -n | awk -v label="$label" '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%s %s\n", label, m }'
}

fetch() { curl -sf -o "$WORK/portal.$1" "$PAGE/$1?run=$RANDOM$RANDOM"; }
PDF_MS=$(measure pdf fetch pdf | awk '{print $2}')
XLSX_MS=$(measure xlsx fetch xlsx | awk '{print $2}')
CHROME_MS=$(measure chromium chromium_print | awk '{print $2}')

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
# A failed request or an error page would time as a fast export: both files must be real PDFs of many pages.
for f in "$WORK/portal.pdf" "$WORK/chromium.pdf"; do
    [ "$(pages "$f")" -gt 5 ] 2>/dev/null || { echo "benchmark invalid: $f is not the disclosure ($(pages "$f") pages)"; tail -5 "$WORK/portal.log"; exit 1; }
done
echo "BudgetPortal export benchmark — $SLUG, median of $RUNS runs after ${BENCH_WARMUP:-3} warm-up runs each, loopback, uncached (unique query per request)"
printf '%-46s %10s %8s\n' "what" "median ms" "pages"
printf '%-46s %10s %8s\n' "PDF, whole disclosure (portal, via HTTP)" "$PDF_MS" "$(pages "$WORK/portal.pdf")"
printf '%-46s %10s %8s\n' "Workbook, whole disclosure (ClosedXML, HTTP)" "$XLSX_MS" "-"
printf '%-46s %10s %8s\n' "Chromium --print-to-pdf of the disclosure page" "$CHROME_MS" "$(pages "$WORK/chromium.pdf")"
python3 - "$PDF_MS" "$CHROME_MS" <<'PY'
import sys
pdf, chrome = (max(float(x), 1.0) for x in sys.argv[1:3])
ratio = chrome / pdf
print(f"ratio Chromium / portal PDF = {ratio:.1f}x (target ≥ 30x): {'met' if ratio >= 30 else 'NOT met'}")
PY
