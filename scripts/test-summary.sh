#!/usr/bin/env bash
# Prints what the test run did, from the surefire reports (Maven's -q prints nothing when all pass):
#   scripts/test-summary.sh [--newer FILE] [ROOT]
# One row per module (tests run, failed, errors, skipped), the total, the failing test classes, and last a
# plain line CI parsers read:  Tests: N passed, N failed, N skipped   (failed counts failures and errors).
# --newer FILE counts only reports written after FILE was (rldt.sh test touches one before Maven starts), so
# reports left by an earlier run of a module that did not run this time are not counted.
# Exit status: 0, also when tests failed (the caller keeps Maven's); 1 on bad arguments.
set -u
newer=""
if [ "${1:-}" = "--newer" ]; then
  [ $# -ge 2 ] && [ -e "$2" ] || { echo "test-summary: --newer needs an existing file" >&2; exit 1; }
  newer=$2
  shift 2
fi
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}

# attr NAME LINE: the value of NAME="..." in LINE (surefire writes the attributes in no guaranteed order)
attr() { sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" <<<"$2"; }

total_run=0 total_fail=0 total_err=0 total_skip=0 rows="" failing=""
for dir in "$ROOT"/*/target/surefire-reports; do
  [ -d "$dir" ] || continue
  module=$(basename "$(dirname "$(dirname "$dir")")")
  run=0 fail=0 err=0 skip=0 files=0
  while IFS= read -r xml; do
    [ -n "$xml" ] || continue
    line=$(grep -m1 -o '<testsuite [^>]*>' "$xml") || continue
    t=$(attr tests "$line") f=$(attr failures "$line") e=$(attr errors "$line") s=$(attr skipped "$line")
    run=$((run + ${t:-0})) fail=$((fail + ${f:-0})) err=$((err + ${e:-0})) skip=$((skip + ${s:-0}))
    files=$((files + 1))
    if [ "${f:-0}" != 0 ] || [ "${e:-0}" != 0 ]; then
      name=$(sed -n 's/.*[[:space:]]name="\([^"]*\)".*/\1/p' <<<"$line")
      failing+="  $module: $name (${f:-0} failed, ${e:-0} errors)"$'\n'
    fi
  done < <(if [ -n "$newer" ]; then find "$dir" -maxdepth 1 -name 'TEST-*.xml' -newer "$newer"; \
           else find "$dir" -maxdepth 1 -name 'TEST-*.xml'; fi | sort)
  [ "$files" -gt 0 ] || continue
  rows+=$(printf '  %-14s %7d %7d %7d %8d' "$module" "$run" "$fail" "$err" "$skip")$'\n'
  total_run=$((total_run + run)) total_fail=$((total_fail + fail)) total_err=$((total_err + err))
  total_skip=$((total_skip + skip))
done

echo
echo "Test summary (surefire reports):"
printf '  %-14s %7s %7s %7s %8s\n' module run failed errors skipped
printf '%s' "$rows"
printf '  %-14s %7d %7d %7d %8d\n' total "$total_run" "$total_fail" "$total_err" "$total_skip"
if [ -n "$failing" ]; then
  echo "Failing test classes:"
  printf '%s' "$failing"
fi
[ -n "$rows" ] || echo "  (no test reports found: did the build fail before the tests ran?)"
echo "Tests: $((total_run - total_fail - total_err - total_skip)) passed, $((total_fail + total_err)) failed, $total_skip skipped"
