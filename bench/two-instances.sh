#!/usr/bin/env bash
# Scale-out demonstration (issue 7): two portal instances behind a loopback nginx, sharing one PostgreSQL (data and
# Data Protection keys) and one Redis (output cache). Signs in through instance A and acts through instance B; publishes
# through A and reads the new figure through B at once (and through the proxy). Exits non-zero if any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh >/dev/null
for p in redis-server nginx; do command -v "$p" >/dev/null || { if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; $SUDO apt-get install -y -q redis-server nginx-light >/dev/null; break; }; done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORK="$(mktemp -d /tmp/budgetportal-two.XXXXXX)"; chmod 755 "$WORK"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PGPORT=5433; REDIS=6390; A=5301; B=5302; PROXY=5300
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  redis-cli -p $REDIS shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf '%s … ' "$1"; }
ok() { echo "ok"; }
# Pages are read whole before grep looks at them: `curl | grep -q` under pipefail fails when grep stops reading early.
has() { local page; page="$(curl -s "${@:2}")"; grep -qF "$1" <<<"$page"; }
fail() { echo "FAILED: $1"; for l in "$WORK"/a.log "$WORK"/b.log; do [ -f "$l" ] && { echo "--- $l"; tail -40 "$l"; }; done; exit 1; }

# Shared PostgreSQL and Redis.
mkdir -p "$WORK/pg" && chown postgres "$WORK" "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" -l "$WORK/pg.log" start >/dev/null
runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p $PGPORT portal
redis-server --port $REDIS --save "" --appendonly no --daemonize yes >/dev/null
DB="Host=127.0.0.1;Port=$PGPORT;Database=portal;Username=postgres"

dotnet build src/BudgetPortal.Web -c Release -v q -nologo >/dev/null
APP=src/BudgetPortal.Web/bin/Release/net10.0/BudgetPortal.Web.dll
start() { # port name
  dotnet "$APP" --urls "http://127.0.0.1:$1" --ConnectionStrings:Portal="$DB" --ConnectionStrings:Redis="127.0.0.1:$REDIS" \
    --Portal:DemoAccounts=true --Serilog:MinimumLevel:Default=Warning >"$WORK/$2.log" 2>&1 &
  PIDS+=($!)
}
wait_up() { for _ in $(seq 1 180); do curl -sf -o /dev/null "http://127.0.0.1:$1/health" && return 0; sleep 1; done; tail -20 "$WORK/$2.log"; fail "instance $2 did not start"; }
# A first (it migrates, seeds and creates the first Data Protection key), then B on the same database.
start $A a; wait_up $A a
start $B b; wait_up $B b

cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1; pid $WORK/nginx.pid; error_log $WORK/nginx.err; daemon off;
events {}
http { access_log off; client_body_temp_path $WORK; proxy_temp_path $WORK;
  upstream portal { server 127.0.0.1:$A; server 127.0.0.1:$B; }
  server { listen 127.0.0.1:$PROXY; client_max_body_size 12m; location / { proxy_pass http://portal; proxy_set_header Host \$host; } } }
NGINX
nginx -c "$WORK/nginx.conf" -p "$WORK" & PIDS+=($!)
for _ in $(seq 1 30); do curl -sf -o /dev/null "http://127.0.0.1:$PROXY/health" && break; sleep 0.5; done

token() { curl -s -b "$1" -c "$1" "$2" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
login() { # jar base email
  curl -s -o /dev/null -b "$1" -c "$1" -X POST "$2/account/login" --data-urlencode "Input.Email=$3" \
    --data-urlencode "Input.Password=demo-portal-2025" --data-urlencode "__RequestVerificationToken=$(token "$1" "$2/account/login")"
}
SA="http://127.0.0.1:$A"; SB="http://127.0.0.1:$B"; SP="http://127.0.0.1:$PROXY"
STAFF="$WORK/staff.jar"; REVIEWER="$WORK/reviewer.jar"

step "1. staff sign in through A, the session is valid on B"
login "$STAFF" "$SA" staff@demo.budgetportal
has "staff@demo.budgetportal" -b "$STAFF" "$SB/staff" && ok || fail "B does not know the sign-in made on A"

step "2. through B: a new draft, the 000 workbook imported into it, submitted"
DEPT="$(curl -s -b "$STAFF" "$SB/staff" | grep -o '<option value="[0-9]*">辽宁省医疗保障局</option>' | grep -o '[0-9]\+' | head -1)"
VERSION_URL="$(curl -s -o /dev/null -w '%{redirect_url}' -b "$STAFF" -c "$STAFF" -X POST "$SB/staff?handler=Create" \
  --data-urlencode "Draft.DepartmentId=$DEPT" --data-urlencode "Draft.Year=2030" --data-urlencode "Draft.Kind=Budget" \
  --data-urlencode "Draft.TableSet=liaoning-province-budget" --data-urlencode "__RequestVerificationToken=$(token "$STAFF" "$SB/staff")")"
V="${VERSION_URL##*/}"
curl -s -o "$WORK/book.xlsx" "$SB/disclosures/liaoning-2023-budget/xlsx"
curl -s -o "$WORK/preview.html" -b "$STAFF" -c "$STAFF" -F "__RequestVerificationToken=$(token "$STAFF" "$SB/staff/versions/$V/import")" \
  -F "file=@$WORK/book.xlsx" "$SB/staff/versions/$V/import/upload"
PENDING="$(grep -o 'name="pendingId" value="[^"]*"' "$WORK/preview.html" | sed 's/.*value="//; s/"$//' || true)"
[ -n "$PENDING" ] || fail "upload refused"
curl -s -o /dev/null -b "$STAFF" -c "$STAFF" -X POST "$SB/staff/versions/$V/import/confirm" --data-urlencode "pendingId=$PENDING" \
  --data-urlencode "__RequestVerificationToken=$(token "$STAFF" "$SB/staff/versions/$V/import")"
curl -s -o "$WORK/submitted.html" -b "$STAFF" -c "$STAFF" -X POST "$SB/staff/versions/$V?handler=Submit" \
  --data-urlencode "__RequestVerificationToken=$(token "$STAFF" "$SB/staff/versions/$V")"
grep -q "已提交审核" "$WORK/submitted.html" && ok || fail "submit through B"

SLUG="d$DEPT-2030-budget"
step "3. B has cached its home page without the new disclosure"
has "$SLUG" "$SB/" && fail "not yet published, yet listed" || ok

step "4. a reviewer approves and publishes through A"
login "$REVIEWER" "$SA" reviewer@demo.budgetportal
curl -s -o /dev/null -b "$REVIEWER" -c "$REVIEWER" -X POST "$SA/staff/versions/$V?handler=Approve" --data-urlencode "approvedOn=2030-01-15" \
  --data-urlencode "__RequestVerificationToken=$(token "$REVIEWER" "$SA/staff/versions/$V")"
curl -s -o "$WORK/published.html" -b "$REVIEWER" -c "$REVIEWER" -X POST "$SA/staff/versions/$V?handler=Publish" \
  --data-urlencode "__RequestVerificationToken=$(token "$REVIEWER" "$SA/staff/versions/$V")"
grep -q "已公开" "$WORK/published.html" && ok || fail "publish through A"

step "5. at once through B: listed on the home page, the new figure on its page"
has "$SLUG" "$SB/" || fail "B's cached home page still lacks the publication"
curl -s "$SB/disclosures/$SLUG?table=3" > "$WORK/page.html"; grep -q "12,884.35" "$WORK/page.html" && ok || { grep -o "<h3[^<]*<\/h3>\|form-error[^<]*<[^<]*\|<title>[^<]*" "$WORK/page.html" | head -5; fail "B does not show the published figure"; }

step "6. through the proxy (either instance): the same figure"
for i in 1 2 3 4; do
  code=$(curl -s -o "$WORK/proxy.html" -w '%{http_code}' "$SP/disclosures/$SLUG?table=3")
  grep -q "12,884.35" "$WORK/proxy.html" || { echo; echo "HTTP $code"; grep -o '<h1>[^<]*\|<title>[^<]*\|<td class="num">[^<]*' "$WORK/proxy.html" | head -8; fail "proxy request $i"; }
done; ok
echo "two instances, one PostgreSQL, one Redis: all steps passed"
