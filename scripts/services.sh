#!/usr/bin/env bash
# Project-local PostgreSQL 15 (+PostGIS 3, pg_trgm), Redis and S3 (s3rver) for QuickCommerce.
#
#   scripts/services.sh start  [dev|test]   start all three (no-op for those already running)
#   scripts/services.sh stop   [dev|test]   stop all three
#   scripts/services.sh status [dev|test]   one line per service; exit 0 if all run, 3 otherwise
#   scripts/services.sh env    [dev|test]   print `export` lines for the app's configuration
#
# Profile defaults to $QC_PROFILE, else dev. State lives in .data/<profile>/ (git-ignored).
# Everything binds to 127.0.0.1 on fixed ports:
#   dev : PostgreSQL 55432, Redis 56379, S3 54568
#   test: PostgreSQL 55433, Redis 56380, S3 54569
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS="$ROOT/scripts"

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
log()  { printf '[services:%s] %s\n' "$PROFILE" "$*" >&2; }
die()  { printf '[services:%s] ERROR: %s\n' "${PROFILE:-?}" "$*" >&2; exit 1; }

CMD="${1:-}"
PROFILE="${2:-${QC_PROFILE:-dev}}"
case "$CMD" in start|stop|status|env) ;; -h|--help|help) usage; exit 0 ;; *) usage >&2; exit 2 ;; esac
case "$PROFILE" in
  dev)  PG_PORT=55432; REDIS_PORT=56379; S3_PORT=54568 ;;
  test) PG_PORT=55433; REDIS_PORT=56380; S3_PORT=54569 ;;
  *) die "unknown profile '$PROFILE' (expected dev or test)" ;;
esac

DB_NAME=quickcommerce; DB_USER=quickcommerce; DB_PASS=quickcommerce
S3_BUCKET=quickcommerce; S3_KEY=S3RVER; S3_SECRET=S3RVER

DATA="$ROOT/.data/$PROFILE"
PG_BIN=/usr/lib/postgresql/15/bin
PG_LINK="$DATA/pg"                      # real dir, or symlink to a fallback (see pg_prepare_dirs)
REDIS_DIR="$DATA/redis"
REDIS_PID="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"
S3_DIR="$DATA/s3"
S3_DATA="$S3_DIR/data"
S3_PID="$S3_DIR/s3rver.pid"
S3_LOG="$S3_DIR/s3rver.log"
S3_PKG="$SCRIPTS/s3rver"
S3_WRONG_NS='http://doc.s3.amazonaws.com/2006-03-01/'

# Resolved by pg_paths (the pg dir may be a symlink).
PG_ROOT=""; PGDATA_DIR=""; PG_SOCK=""; PG_LOG=""
pg_paths() {
  PG_ROOT="$(readlink -f "$PG_LINK" 2>/dev/null || echo "$PG_LINK")"
  PGDATA_DIR="$PG_ROOT/data"; PG_SOCK="$PG_ROOT/run"; PG_LOG="$PG_ROOT/postgres.log"
}
pg_paths

# ---------------------------------------------------------------- helpers
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_is PIDFILE NAME-REGEX: true if the pid in PIDFILE is alive and its cmdline matches.
pid_is() {
  local f="$1" re="$2" pid
  [[ -s "$f" ]] || return 1
  pid="$(head -n1 "$f" | tr -dc '0-9')"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -Eq -- "$re"
}
# proc_alive PID: running and not a zombie (pid 1 of some sandboxes does not reap).
proc_alive() {
  local st
  st="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1 || true)"
  [[ -n "$st" && "$st" != Z && "$st" != X ]]
}
pid_of() { { head -n1 "$1" 2>/dev/null || true; } | tr -dc "0-9"; }

# wait_until SECONDS DESCRIPTION CMD...: poll CMD every 0.25 s.
wait_until() {
  local secs="$1" what="$2"; shift 2
  local i tries=$(( secs * 4 ))
  for (( i = 0; i < tries; i++ )); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  return 1
}

# Run a command as the postgres OS user (PostgreSQL refuses to run as root).
IS_ROOT=0; [[ $(id -u) -eq 0 ]] && IS_ROOT=1
as_pg() {
  # cd /: the caller's cwd may not be readable by postgres (pg_ctl warns about it).
  if (( IS_ROOT )); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

ensure_packages() {
  local need=0
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] || need=1
  [[ -f /usr/share/postgresql/15/extension/postgis.control ]] || need=1
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || need=1
  command -v curl >/dev/null 2>&1 && command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need=1
  if (( need )); then
    log "some packages are missing; running scripts/install-deps.sh --services"
    "$SCRIPTS/install-deps.sh" --services >&2
  fi
}

# Serialises start/stop per profile. Daemons are launched with 9>&- so they do not inherit
# (and hold forever) the lock.
with_lock() {
  mkdir -p "$DATA"
  exec 9>"$DATA/.services.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 120 9 || die "timed out waiting for another services.sh on profile $PROFILE"
  fi
}

# ---------------------------------------------------------------- PostgreSQL
pg_running() {
  [[ -f "$PGDATA_DIR/postmaster.pid" ]] || return 1
  local pid; pid="$(pid_of "$PGDATA_DIR/postmaster.pid")"
  [[ -n "$pid" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres ]] && proc_alive "$pid"
}
pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

# The data, socket and log live in .data/<profile>/pg, owned by postgres. The postgres user
# must be able to traverse every parent dir; .data and .data/<profile> are ours and get o+x.
# If a parent outside our control (e.g. a checkout under /root, mode 700) blocks it, the
# cluster goes to /var/lib/quickcommerce/pg-<hash-of-checkout>-<profile> and .data/<profile>/pg
# becomes a symlink to it — nothing outside the repo gets its permissions changed.
pg_prepare_dirs() {
  mkdir -p "$DATA"
  chmod o+x "$ROOT/.data" "$DATA" 2>/dev/null || true
  if [[ ! -e "$PG_LINK" ]]; then
    mkdir -p "$PG_LINK"
  fi
  pg_paths
  if (( IS_ROOT )); then
    chown postgres:postgres "$PG_ROOT"
    if ! runuser -u postgres -- test -w "$PG_ROOT/." 2>/dev/null; then
      [[ -L "$PG_LINK" ]] && die "postgres cannot write $PG_ROOT"
      local hash fallback
      hash="$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
      fallback="/var/lib/quickcommerce/pg-$hash-$PROFILE"
      log "user postgres cannot reach $PG_LINK (a parent directory is not traversable);"
      log "using $fallback instead (symlinked from .data/$PROFILE/pg)"
      rmdir "$PG_LINK" 2>/dev/null || die "$PG_LINK is not empty; remove it and retry"
      mkdir -p "$fallback"; chmod 755 /var/lib/quickcommerce
      chown postgres:postgres "$fallback"
      ln -s "$fallback" "$PG_LINK"
      pg_paths
    fi
  fi
  as_pg mkdir -p "$PGDATA_DIR" "$PG_SOCK"
  as_pg chmod 700 "$PGDATA_DIR"
  as_pg touch "$PG_LOG"
}

pg_start() {
  if pg_running && pg_ready; then
    log "postgres already running on 127.0.0.1:$PG_PORT"
    pg_bootstrap
    return 0
  fi
  if pg_running; then
    log "postgres process exists but is not ready yet; waiting"
  else
    if port_open "$PG_PORT"; then
      die "port $PG_PORT is in use by another process (not this checkout's postgres for '$PROFILE'); stop it first"
    fi
    pg_prepare_dirs
    if [[ ! -s "$PGDATA_DIR/PG_VERSION" ]]; then
      if [[ -n "$(ls -A "$PGDATA_DIR" 2>/dev/null)" ]]; then
        die "$PGDATA_DIR is not empty but holds no cluster (failed initdb?); remove it and retry"
      fi
      log "initdb $PGDATA_DIR"
      as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" --auth=trust -E UTF8 --locale=C.UTF-8 -U postgres \
        >"$DATA/pg-initdb.log" 2>&1 || { cat "$DATA/pg-initdb.log" >&2; die "initdb failed"; }
    fi
    # Lock files left by a killed server: PostgreSQL itself ignores them when their pid is dead
    # (and checks shared memory), but refuses when that pid has been reused by another process.
    local lf pid
    for lf in "$PGDATA_DIR/postmaster.pid" "$PG_SOCK/.s.PGSQL.$PG_PORT.lock"; do
      pid="$(pid_of "$lf")"
      if [[ -n "$pid" ]] && proc_alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" != postgres ]]; then
        log "removing stale $(basename "$lf") (pid $pid is now another process)"
        rm -f "$lf"
      fi
    done
    log "starting postgres on 127.0.0.1:$PG_PORT"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 -s \
        -o "-p $PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c idle_in_transaction_session_timeout=60s -c max_connections=300" \
        start >&2 9>&-; then
      tail -n 20 "$PG_LOG" >&2 || true
      die "postgres failed to start (log: $PG_LOG)"
    fi
  fi
  wait_until 60 postgres pg_ready || { tail -n 20 "$PG_LOG" >&2 || true; die "postgres does not answer on $PG_PORT (log: $PG_LOG)"; }
  pg_bootstrap
  log "postgres ready on 127.0.0.1:$PG_PORT (db $DB_NAME, user $DB_USER)"
}

pg_psql() { # pg_psql DB SQL...
  local db="$1"; shift
  "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" "$@"
}

# Idempotent: role, database, extensions.
pg_bootstrap() {
  pg_psql postgres -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
        CREATE ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASS';
      END IF;
    END \$\$;" >/dev/null || die "could not create role $DB_USER"
  if [[ "$(pg_psql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]]; then
    log "creating database $DB_NAME"
    pg_psql postgres -c "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8'" >/dev/null \
      || die "could not create database $DB_NAME"
  fi
  pg_psql "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS postgis; CREATE EXTENSION IF NOT EXISTS pg_trgm;" \
    >/dev/null 2>&1 || die "could not create extensions postgis/pg_trgm in $DB_NAME (is postgresql-15-postgis-3 installed?)"
}

pg_stop() {
  if pg_running; then
    log "stopping postgres (127.0.0.1:$PG_PORT)"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 -s stop >&2 || die "pg_ctl stop failed"
  else
    log "postgres not running"
  fi
}

# ---------------------------------------------------------------- Redis
redis_running() { pid_is "$REDIS_PID" 'redis-server'; }
redis_ready() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_start() {
  if redis_running && redis_ready; then
    log "redis already running on 127.0.0.1:$REDIS_PORT"; return 0
  fi
  if ! redis_running; then
    port_open "$REDIS_PORT" && die "port $REDIS_PORT is in use by another process (not this checkout's redis for '$PROFILE'); stop it first"
    mkdir -p "$REDIS_DIR"
    rm -f "$REDIS_PID"
    log "starting redis on 127.0.0.1:$REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" \
      --appendonly yes --daemonize yes --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" >&2 9>&- \
      || die "redis-server failed to start (log: $REDIS_LOG)"
  fi
  wait_until 30 redis redis_ready || { tail -n 20 "$REDIS_LOG" >&2 || true; die "redis does not answer on $REDIS_PORT (log: $REDIS_LOG)"; }
  log "redis ready on 127.0.0.1:$REDIS_PORT"
}

redis_stop() {
  if redis_running; then
    local pid; pid="$(pid_of "$REDIS_PID")"
    log "stopping redis (127.0.0.1:$REDIS_PORT)"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    wait_until 20 redis-stop eval "! proc_alive $pid" || { kill -9 "$pid" 2>/dev/null || true; }
    rm -f "$REDIS_PID"
  else
    log "redis not running"
  fi
}

# ---------------------------------------------------------------- S3 (s3rver)
s3_running() { pid_is "$S3_PID" 's3rver'; }
s3_ready() {
  local code
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$S3_PORT/" 2>/dev/null || true)"
  [[ -n "$code" && "$code" != 000 ]]
}

s3_install() {
  if [[ ! -f "$S3_PKG/node_modules/s3rver/bin/s3rver.js" ]]; then
    log "installing s3rver (npm ci in scripts/s3rver)"
    (cd "$S3_PKG" && npm ci --no-audit --no-fund >&2) || die "npm ci in scripts/s3rver failed"
  fi
  if grep -rqF "$S3_WRONG_NS" "$S3_PKG/node_modules/s3rver/lib"; then
    log "s3rver XML namespace not patched; applying scripts/s3rver/patch-s3rver.js"
    node "$S3_PKG/patch-s3rver.js" >&2 || die "patching s3rver failed"
  fi
}

s3_start() {
  if s3_running && s3_ready; then
    log "s3rver already running on 127.0.0.1:$S3_PORT"; return 0
  fi
  if ! s3_running; then
    port_open "$S3_PORT" && die "port $S3_PORT is in use by another process (not this checkout's s3rver for '$PROFILE'); stop it first"
    s3_install
    mkdir -p "$S3_DATA"
    rm -f "$S3_PID"
    log "starting s3rver on 127.0.0.1:$S3_PORT (bucket $S3_BUCKET)"
    # setsid: own session, so a Ctrl-C meant for run.sh/dotnet does not reach it.
    setsid bash -c 'echo $$ >"$1"; shift; exec nohup "$@"' _ "$S3_PID" \
      node "$S3_PKG/node_modules/s3rver/bin/s3rver.js" \
        -d "$S3_DATA" -a 127.0.0.1 -p "$S3_PORT" \
        --configure-bucket "$S3_BUCKET" "$S3_PKG/cors.xml" \
      </dev/null >>"$S3_LOG" 2>&1 9>&- &
    # Wait for the pid file written by the child.
    wait_until 10 s3-pid test -s "$S3_PID" || die "s3rver did not start (log: $S3_LOG)"
  fi
  if ! wait_until 30 s3 s3_ready; then
    tail -n 20 "$S3_LOG" >&2 || true
    die "s3rver does not answer on $S3_PORT (log: $S3_LOG)"
  fi
  s3_running || { tail -n 20 "$S3_LOG" >&2 || true; die "s3rver exited (log: $S3_LOG)"; }
  log "s3rver ready on 127.0.0.1:$S3_PORT (bucket $S3_BUCKET, key $S3_KEY)"
}

s3_stop() {
  if s3_running; then
    local pid; pid="$(pid_of "$S3_PID")"
    log "stopping s3rver (127.0.0.1:$S3_PORT)"
    kill "$pid" 2>/dev/null || true
    wait_until 10 s3-stop eval "! proc_alive $pid" || { kill -9 "$pid" 2>/dev/null || true; }
    rm -f "$S3_PID"
  else
    log "s3rver not running"
  fi
}

# ---------------------------------------------------------------- commands
status_line() { # name running? port
  printf '%-9s %-8s 127.0.0.1:%s  (%s)\n' "$1" "$2" "$3" "$PROFILE"
}

case "$CMD" in
  start)
    ensure_packages
    with_lock
    pg_start
    redis_start
    s3_start
    log "all services running (profile $PROFILE); load config with: eval \"\$(scripts/services.sh env $PROFILE)\""
    ;;
  stop)
    with_lock
    s3_stop
    redis_stop
    pg_stop
    ;;
  status)
    rc=0
    if pg_running && pg_ready; then status_line postgres running "$PG_PORT"; else status_line postgres stopped "$PG_PORT"; rc=3; fi
    if redis_running && redis_ready; then status_line redis running "$REDIS_PORT"; else status_line redis stopped "$REDIS_PORT"; rc=3; fi
    if s3_running && s3_ready; then status_line s3 running "$S3_PORT"; else status_line s3 stopped "$S3_PORT"; rc=3; fi
    exit "$rc"
    ;;
  env)
    cat <<EOF
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Database=$DB_NAME;Username=$DB_USER;Password=$DB_PASS"
export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT"
export ObjectStorage__Endpoint="127.0.0.1:$S3_PORT"
export ObjectStorage__AccessKey=$S3_KEY
export ObjectStorage__SecretKey=$S3_SECRET
export ObjectStorage__Bucket=$S3_BUCKET
export ObjectStorage__UseSsl=false
EOF
    ;;
esac
