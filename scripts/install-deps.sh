#!/usr/bin/env bash
# Installs the machine-level packages QuickCommerce needs, only when they are missing.
#
#   scripts/install-deps.sh             services + chromium (for browser/E2E tests)
#   scripts/install-deps.sh --services  services only (PostgreSQL 15 + PostGIS 3, Redis, curl, Node/npm)
#
# Debian 12 (bookworm), run as root (or with sudo available). Idempotent: prints what it did.
set -euo pipefail

log() { printf '[install-deps] %s\n' "$*"; }
die() { printf '[install-deps] ERROR: %s\n' "$*" >&2; exit 1; }

with_chromium=1
for arg in "$@"; do
  case "$arg" in
    --services) with_chromium=0 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (use --services or nothing)" ;;
  esac
done

packages=(postgresql-15 postgresql-15-postgis-3 redis-server curl)
(( with_chromium )) && packages+=(chromium)

missing=()
for pkg in "${packages[@]}"; do
  # dpkg -s succeeds for removed-but-not-purged packages too; require "install ok installed".
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

# s3rver (scripts/s3rver) needs node + npm. Accept any existing install (e.g. NodeSource);
# otherwise take Debian's.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm  >/dev/null 2>&1; then missing+=(npm); fi

if (( ${#missing[@]} == 0 )); then
  log "all present: ${packages[*]} node npm (nothing to do)"
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${missing[*]}"
  SUDO=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q -o DPkg::Lock::Timeout=600)

log "missing: ${missing[*]}"
log "running apt-get update"
"${SUDO[@]}" apt-get "${apt_opts[@]}" update >/dev/null || die "apt-get update failed"
log "running apt-get install ${missing[*]}"
if ! "${SUDO[@]}" apt-get "${apt_opts[@]}" install "${missing[@]}" >/tmp/qc-install-deps.log 2>&1; then
  tail -n 30 /tmp/qc-install-deps.log >&2
  die "apt-get install failed (full log: /tmp/qc-install-deps.log)"
fi

# Debian's postgresql package creates and (where an init system runs) starts a default
# cluster on 5432. QuickCommerce uses its own clusters under .data/ instead; that one is
# left alone and is harmless.
for pkg in "${missing[@]}"; do
  if [[ "$pkg" == nodejs || "$pkg" == npm ]]; then
    command -v "${pkg/nodejs/node}" >/dev/null 2>&1 || die "$pkg still missing after install"
  elif [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
    die "$pkg still not installed after apt-get install"
  fi
done
log "installed: ${missing[*]}"
