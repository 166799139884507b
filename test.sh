#!/usr/bin/env bash
# Builds QuickCommerce and runs every test project under tests/ against the "test" profile
# services (PostgreSQL 55433, Redis 56380, S3 54569; see scripts/services.sh).
#
#   ./test.sh
#
# Ends with one line "N passed, N failed, N skipped" summed over all projects (from the TRX
# files in .data/test/results) and exits non-zero if the build failed, any project failed or
# crashed, any test failed, or no test ran at all.
#   QC_TEST_HANG_TIMEOUT  per-project hang timeout for VSTest's blame collector (default 20m)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

say() { printf '[test.sh] %s\n' "$*"; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export QC_PROFILE=test

say "installing missing system packages (if any)"
scripts/install-deps.sh

say "starting test services"
scripts/services.sh start test
eval "$(scripts/services.sh env test)"
export QC_CHROMIUM=/usr/bin/chromium

say "dotnet restore"
dotnet restore QuickCommerce.sln
say "dotnet build QuickCommerce.sln -c Release"
if ! dotnet build QuickCommerce.sln -c Release --no-restore; then
  say "BUILD FAILED"
  exit 1
fi

# Test projects: tests/*/*.csproj, minus libraries that declare <IsTestProject>false</IsTestProject>.
projects=()
for proj in tests/*/*.csproj; do
  [[ -f "$proj" ]] || continue
  if grep -Eq '<IsTestProject>[[:space:]]*false[[:space:]]*</IsTestProject>' "$proj"; then
    say "skipping $(basename "$proj" .csproj) (not a test project)"
    continue
  fi
  # --no-build needs it built; build it here if the solution does not include it.
  if ! grep -qF "$(basename "$proj")" QuickCommerce.sln; then
    say "$(basename "$proj") is not in QuickCommerce.sln; building it"
    dotnet build "$proj" -c Release || { say "BUILD FAILED: $proj"; exit 1; }
  fi
  projects+=("$proj")
done
if (( ${#projects[@]} == 0 )); then
  say "no test projects found under tests/"
  echo "0 passed, 0 failed, 0 skipped"
  exit 1
fi

RESULTS="$ROOT/.data/test/results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# global.json may switch `dotnet test` to Microsoft.Testing.Platform (xunit.v3); its options differ.
mtp=0
if [[ -f global.json ]] && grep -q 'Microsoft.Testing.Platform' global.json; then mtp=1; fi

# trx_attr FILE NAME: integer attribute NAME of the first <Counters .../> element (0 if absent).
trx_attr() {
  local counters v
  counters="$(grep -o '<Counters [^>]*>' "$1" | head -n1 || true)"
  v="$(printf '%s\n' "$counters" | sed -n "s/.*[[:space:]]$2=\"\([0-9][0-9]*\)\".*/\1/p")"
  echo "${v:-0}"
}

total_passed=0; total_failed=0; total_skipped=0; bad_projects=0
summary=()
for proj in "${projects[@]}"; do
  name="$(basename "$proj" .csproj)"
  trx="$RESULTS/$name.trx"
  say "dotnet test $name"
  set +e
  if (( mtp )); then
    dotnet test --project "$proj" --no-build -c Release \
      --report-trx --report-trx-filename "$name.trx" --results-directory "$RESULTS"
  else
    # The browser tests print the app's own log too: when one fails in CI, the server's side is in the output.
    verbosity=()
    [[ "$name" == *E2E* ]] && verbosity=(--logger "console;verbosity=detailed")
    dotnet test "$proj" --no-build -c Release \
      --logger "trx;LogFileName=$name.trx" "${verbosity[@]}" --results-directory "$RESULTS" \
      --blame-hang-timeout "${QC_TEST_HANG_TIMEOUT:-20m}"
  fi
  rc=$?
  set -e
  # MTP may name or place the file differently; take any match for this project.
  if [[ ! -f "$trx" ]]; then
    found="$(find "$RESULTS" -name "$name*.trx" 2>/dev/null | sort | tail -n1 || true)"
    [[ -n "$found" ]] && trx="$found"
  fi
  if [[ ! -f "$trx" ]]; then
    summary+=("$name: CRASHED (exit $rc, no TRX) - counted as 1 failure")
    total_failed=$(( total_failed + 1 )); bad_projects=$(( bad_projects + 1 ))
    continue
  fi
  t="$(trx_attr "$trx" total)"; p="$(trx_attr "$trx" passed)"
  f=$(( $(trx_attr "$trx" failed) + $(trx_attr "$trx" error) + $(trx_attr "$trx" timeout) + $(trx_attr "$trx" aborted) ))
  s=$(( t - p - f )); (( s < 0 )) && s=0
  total_passed=$(( total_passed + p )); total_failed=$(( total_failed + f )); total_skipped=$(( total_skipped + s ))
  line="$name: $p passed, $f failed, $s skipped (of $t)"
  if (( rc != 0 )); then
    bad_projects=$(( bad_projects + 1 ))
    if (( f == 0 )); then
      # Non-zero exit without a failed test: aborted run, crashed test host, hang...
      total_failed=$(( total_failed + 1 ))
      line="$line; dotnet test exited $rc - counted as 1 failure"
    else
      line="$line; dotnet test exited $rc"
    fi
  fi
  summary+=("$line")
done

echo
say "results (TRX files in ${RESULTS#"$ROOT"/}):"
for line in "${summary[@]}"; do say "  $line"; done
status=0
if (( bad_projects > 0 || total_failed > 0 )); then status=1; fi
if (( total_passed + total_failed == 0 )); then
  say "no test was executed"; status=1
fi
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
exit "$status"
