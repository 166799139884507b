#!/usr/bin/env bash
# Benchmarks QuickCommerce over HTTP on loopback (see bench/README.md):
#   starts the "dev" services, builds the app in Release, starts it on http://127.0.0.1:5090 against
#   a freshly seeded database of its own (quickcommerce_bench; Redis database 1), runs
#   bench/QuickCommerce.Bench against it, stops the app and writes bench/results/<date>.json and
#   bench/results/latest.md. Arguments go to the bench console, e.g.
#     bench/run.sh --nearby 500 --search 500 --orders 50 --csv-rows 1000
#     bench/run.sh --only checkout
# Dev services it started are stopped again; ones that were already running are left running.
# Not part of test.sh or CI. Needs what ./run.sh installs (run that once first).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT=5090
URL="http://127.0.0.1:$PORT"
BENCH_DB=quickcommerce_bench
# Redis database 1: the bench's cache entries never mix with the dev app's (database 0).
REDIS_DB=1
WORK="$ROOT/bench/.work"          # app log; git-ignored
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "something already listens on $URL; stop it first"
fi

# Leave the dev services as we found them: stop them at the end only if none was running.
services_were_stopped=false
if ! scripts/services.sh status dev 2>/dev/null | grep -q ' running '; then
  services_were_stopped=true
fi

APP_PID=""
cleanup() {
  local status=$?
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    log "stopping the app (pid $APP_PID)"
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$APP_PID" 2>/dev/null && kill -9 "$APP_PID" 2>/dev/null || true
  fi
  if [[ -n "${PGPORT:-}" ]]; then
    bench_psql -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null 2>&1 || true
    redis-cli -p "$REDIS_PORT" -n "$REDIS_DB" FLUSHDB >/dev/null 2>&1 || true
  fi
  if [[ "$services_were_stopped" == true ]]; then
    log "stopping the dev services (they were not running before)"
    scripts/services.sh stop dev || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

scripts/services.sh start dev
eval "$(scripts/services.sh env dev)"

# A fresh database each run: every run starts from the same demo city, and the orders and
# imported products it adds never reach the dev demo data.
PGPORT="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$ConnectionStrings__Postgres")"
REDIS_PORT="${ConnectionStrings__Redis##*:}"
export PGPASSWORD=quickcommerce
bench_psql() { /usr/lib/postgresql/15/bin/psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U quickcommerce "$@"; }
log "recreating database $BENCH_DB"
bench_psql -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null
bench_psql -d postgres -c "CREATE DATABASE $BENCH_DB OWNER quickcommerce ENCODING 'UTF8'" >/dev/null
bench_psql -d "$BENCH_DB" -c "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;" >/dev/null
redis-cli -p "$REDIS_PORT" -n "$REDIS_DB" FLUSHDB >/dev/null

log "building the app and the bench (Release)"
dotnet build QuickCommerce.Web/QuickCommerce.Web.csproj -c Release -v quiet -nologo
dotnet build bench/QuickCommerce.Bench/QuickCommerce.Bench.csproj -c Release -v quiet -nologo

mkdir -p "$WORK"
log "starting the app on $URL (log: bench/.work/app.log)"
(
  cd QuickCommerce.Web
  export ASPNETCORE_ENVIRONMENT=Development
  export ConnectionStrings__Postgres="${ConnectionStrings__Postgres/Database=quickcommerce;/Database=$BENCH_DB;}"
  export ConnectionStrings__Redis="$ConnectionStrings__Redis,defaultDatabase=$REDIS_DB"
  # Every simulated customer comes from 127.0.0.1: the per-address sign-in and sign-up budgets
  # would refuse the bench's own customers (it signs up --customers of them).
  export RateLimits__Auth__SignInPerIpPerMinute=10000 RateLimits__Auth__SignUpPerIpPerHour=10000
  exec dotnet bin/Release/net10.0/QuickCommerce.Web.dll --urls "$URL" --seed-demo
) >"$WORK/app.log" 2>&1 &
APP_PID=$!

# Migrations and the demo seed run before the app listens.
for i in $(seq 1 240); do
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 30 "$WORK/app.log" >&2; die "the app exited while starting"; }
  if curl -fsS -o /dev/null "$URL/health/ready" 2>/dev/null; then break; fi
  [[ $i == 240 ]] && { tail -n 30 "$WORK/app.log" >&2; die "the app did not answer $URL/health/ready within 120 s"; }
  sleep 0.5
done
log "app ready (pid $APP_PID, $(grep VmRSS /proc/$APP_PID/status | tr -s ' \t' ' '))"
# Start-up logs an error by design (EF probes the migrations table of the fresh database): only later ones count.
ready_lines=$(wc -l <"$WORK/app.log")

bench_status=0
dotnet bench/QuickCommerce.Bench/bin/Release/net10.0/QuickCommerce.Bench.dll \
  --base-url "$URL" --app-pid "$APP_PID" --output bench/results \
  --commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!bench' || echo '+changes')" "$@" || bench_status=$?

if tail -n +"$((ready_lines + 1))" "$WORK/app.log" | grep -qE '^\[[0-9:]+ (ERR|FTL)\]'; then
  log "the app logged errors during the run: see bench/.work/app.log"
fi
exit "$bench_status"
