#!/usr/bin/env bash
# Runs QuickCommerce locally against the "dev" profile services (PostgreSQL 55432, Redis 56379,
# S3 54568; see scripts/services.sh) with demo data, on http://127.0.0.1:5080.
# Extra arguments are passed to the app after --seed-demo. Stop the services afterwards with
#   scripts/services.sh stop dev
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

URL=http://127.0.0.1:5080
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export QC_PROFILE=dev

scripts/install-deps.sh
scripts/services.sh start dev
eval "$(scripts/services.sh env dev)"
export ASPNETCORE_ENVIRONMENT=Development
[[ -x /usr/bin/chromium ]] && export QC_CHROMIUM=/usr/bin/chromium

cat <<INFO

  QuickCommerce (Development) starting on $URL
  Demo accounts, all with password Demo@12345:
    customer@demo.in
    merchant@demo.in
    rider@demo.in
    admin@demo.in
  Services: scripts/services.sh status dev    Stop them: scripts/services.sh stop dev

INFO

exec dotnet run --project QuickCommerce.Web -c Release --urls "$URL" -- --seed-demo "$@"
