#!/usr/bin/env bash
# race_test.sh — two clients race to create, and to rename to, the same ID:
# exactly one wins each time and the journal holds exactly one row for it.
#   race_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
umind_test_begin umrace
db=$tmp/umind.db
rounds=25

one_wins() {   # one_wins LABEL CMD_A CMD_B: both at once, exactly one exits 0
  local label=$1 a=$2 b=$3 ra rb
  set +e
  $a >"$tmp/a.out" 2>&1 & local pa=$!
  $b >"$tmp/b.out" 2>&1 & local pb=$!
  wait $pa; ra=$?
  wait $pb; rb=$?
  set -e
  if ! { [ $ra = 0 ] && [ $rb = 1 ]; } && ! { [ $ra = 1 ] && [ $rb = 0 ]; }; then
    echo "FAIL: $label: exits $ra and $rb (want one 0 and one 1)" >&2
    cat "$tmp/a.out" "$tmp/b.out" >&2
    failures=$((failures + 1))
  fi
}

for i in $(seq 1 $rounds); do
  one_wins "create race-$i" "$CTL account create race-$i --kind personal" "$CTL account create race-$i --kind role"
done
for i in $(seq 1 $rounds); do
  expect_exit 0 $CTL account create src$i-a --kind personal
  expect_exit 0 $CTL account create src$i-b --kind personal
  one_wins "rename to dst-$i" "$CTL account rename src$i-a dst-$i" "$CTL account rename src$i-b dst-$i"
done

# The journal agrees with the store: one create row per raced ID, one rename
# row per target, and every account has exactly the rows its history needs.
q() { sqlite3 -readonly "$db" "$1"; }
[ "$(q "SELECT COUNT(*) FROM journal WHERE op='account.create' AND json_extract(data,'\$.id') LIKE 'race-%'")" = $rounds ] ||
  { echo "FAIL: journal create rows for race-* != $rounds" >&2; failures=$((failures + 1)); }
[ "$(q "SELECT COUNT(*) FROM journal WHERE op='account.rename' AND json_extract(data,'\$.to') LIKE 'dst-%'")" = $rounds ] ||
  { echo "FAIL: journal rename rows != $rounds" >&2; failures=$((failures + 1)); }
[ "$(q "SELECT COUNT(*) FROM accounts WHERE id LIKE 'dst-%'")" = $rounds ] ||
  { echo "FAIL: accounts dst-* != $rounds" >&2; failures=$((failures + 1)); }
[ "$(q "SELECT COUNT(*) FROM accounts a WHERE (SELECT COUNT(*) FROM journal j WHERE j.account_key=a.key AND j.op='account.create') != 1")" = 0 ] ||
  { echo "FAIL: an account without exactly one create row" >&2; failures=$((failures + 1)); }
[ "$(q "PRAGMA integrity_check")" = ok ] || { echo "FAIL: integrity_check" >&2; failures=$((failures + 1)); }

finish
