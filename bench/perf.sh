#!/usr/bin/env bash
# Performance benchmark (issue 7), side by side in one run, loopback only, bounded in time:
#  (a) a cached published disclosure page against a static file of the same bytes served by the same Kestrel (req/s);
#  (b) the same page uncached (every request a new URL): p50/p99;
#  (c) home, search and region overview p95 at 1,000 and at 20,000 disclosures (two databases), growth ratio;
#  (d) whole-disclosure PDF and workbook render time (uncached);
#  (e) import of the largest reference workbook (000 辽宁省) into a new draft through HTTP (bench/import.sh, run against
#      the smaller portal).
# Every latency is measured after a warm-up run of the same URL pattern, on both portals alike.
# BENCH_LARGE (default 20000) and BENCH_SMALL (1000) set the two sizes; BENCH_SECONDS (10) each wrk run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
command -v wrk >/dev/null || { if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; $SUDO apt-get install -y -q wrk >/dev/null; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SMALL="${BENCH_SMALL:-1000}"; LARGE="${BENCH_LARGE:-20000}"; SECONDS_EACH="${BENCH_SECONDS:-10}"
WORK="$(mktemp -d /tmp/budgetportal-perf.XXXXXX)"; chmod 755 "$WORK"
PAGE=/disclosures/fushun-2023-final
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build src/BudgetPortal.Web -c Release -v q -nologo >/dev/null
APP=src/BudgetPortal.Web/bin/Release/net10.0
cp -r src/BudgetPortal.Web/wwwroot "$WORK/wwwroot"

start() { # name port synthetic → waits until healthy (generation of the synthetic data included)
  dotnet "$APP/BudgetPortal.Web.dll" --urls "http://127.0.0.1:$2" --Portal:DataPath="$WORK/$1" --webroot "$WORK/wwwroot" \
    --Portal:SyntheticDisclosures="$3" --Serilog:MinimumLevel:Default=Warning >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 900); do curl -sf -o /dev/null "http://127.0.0.1:$2/health" && return 0; sleep 1; done
  echo "portal $1 did not start"; tail -20 "$WORK/$1.log"; exit 1
}
rps() { wrk -t2 -c16 -d"${SECONDS_EACH}s" "$1" 2>/dev/null | awk '/Requests\/sec/ { print $2 }'; }
warm() { wrk -t2 -c4 -d2s -s bench/wrk/unique.lua "$1" >/dev/null 2>&1 || true; }
lat() { wrk -t2 -c4 -d"${SECONDS_EACH}s" -s "bench/wrk/$2.lua" "$1" 2>/dev/null | awk -v p="$3" '/^LAT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == p) print kv[2] } }'; }

T0=$(date +%s)
start small 5191 "$SMALL"; T1=$(date +%s)
start large 5192 "$LARGE"; T2=$(date +%s)
S=http://127.0.0.1:5191; L=http://127.0.0.1:5192

# (a) the page's bytes as a static file served by the same Kestrel.
curl -s -o "$WORK/wwwroot/bench-page.html" "$S$PAGE"
curl -s -o /dev/null "$S$PAGE"
PAGE_RPS=$(rps "$S$PAGE"); STATIC_RPS=$(rps "$S/bench-page.html")
# (b) uncached.
warm "$S$PAGE"
P50=$(lat "$S$PAGE" unique p50); P99=$(lat "$S$PAGE" unique p99)
# (c) growth from SMALL to LARGE disclosures, uncached (unique URLs) p95.
REGION_S=$(curl -s "$S/" | grep -o 'href="/regions/[0-9]*">辽宁省<' | grep -o '/regions/[0-9]*'); REGION_L=$(curl -s "$L/" | grep -o 'href="/regions/[0-9]*">辽宁省<' | grep -o '/regions/[0-9]*')
declare -A G
for name in home search region; do
  case $name in home) u1="$S/"; u2="$L/";; search) u1="$S/search?q=%E5%8D%AB%E7%94%9F"; u2="$L/search?q=%E5%8D%AB%E7%94%9F";; region) u1="$S$REGION_S?year=2023"; u2="$L$REGION_L?year=2023";; esac
  warm "$u1"; warm "$u2"
  G[$name-s]=$(lat "$u1" unique p95); G[$name-l]=$(lat "$u2" unique p95)
done
# (d) renders, uncached.
render() { local best=""; for i in 1 2 3 4 5 6; do t=$(curl -s -o /dev/null -w '%{time_total}' "$S$PAGE/$1?r=$RANDOM$i"); best="$best $t"; done; echo $best | tr ' ' '\n' | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f", 1000 * a[int((NR + 1) / 2)] }'; }
PDF_MS=$(render pdf); XLSX_MS=$(render xlsx)
# (e) import.
IMPORT_LINE=$(BENCH_BASE="$S" BENCH_RUNS=3 bench/import.sh | tail -1)
IMPORT_MS=$(echo "$IMPORT_LINE" | sed -n 's/^import (upload + confirm) = \([0-9]*\) ms.*/\1/p')

ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:.2f}')" "$1" "$2"; }
met() { python3 -c "import sys; print('met' if eval(sys.argv[1]) else 'NOT met')" "$1"; }
echo "BudgetPortal performance benchmark — $(nproc) cores, loopback, wrk ${SECONDS_EACH}s runs; page $PAGE ($(du -k "$WORK/wwwroot/bench-page.html" | cut -f1) KB)"
echo "synthetic data: $SMALL disclosures in $((T1 - T0)) s, $LARGE in $((T2 - T1)) s (start-up included)"
printf '%-58s %-22s %-14s %s\n' "measure" "value" "target" "result"
r=$(ratio "$PAGE_RPS" "$STATIC_RPS")
printf '%-58s %-22s %-14s %s\n' "(a) cached page / static file, requests/s" "$PAGE_RPS / $STATIC_RPS = $r" ">= 0.50" "$(met "$r >= 0.5")"
printf '%-58s %-22s %-14s %s\n' "(b) uncached page p50 / p99 (ms)" "$P50 / $P99" "p99 < 50" "$(met "$P99 < 50")"
for name in home search region; do
  r=$(ratio "${G[$name-l]}" "${G[$name-s]}")
  printf '%-58s %-22s %-14s %s\n' "(c) $name p95 at $SMALL -> $LARGE (ms), growth" "${G[$name-s]} -> ${G[$name-l]} = ${r}x" "<= 1.5x" "$(met "$r <= 1.5")"
done
printf '%-58s %-22s %-14s %s\n' "(d) whole-disclosure PDF / workbook render (ms)" "$PDF_MS / $XLSX_MS" "-" "-"
printf '%-58s %-22s %-14s %s\n' "(e) import of the largest reference workbook (000), ms" "${IMPORT_MS:-?}" "< 1000" "$(met "${IMPORT_MS:-99999} < 1000")"
