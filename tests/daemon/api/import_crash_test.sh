#!/usr/bin/env bash
# import_crash_test.sh — SIGKILL while a 200k-line import is being written
# (after the upload, inside its one transaction, at several moments up to the
# COMMIT, and just after it): after a restart either every account of the
# file is there, with its journal row, or none is (all, once committed), and
# SQLite's integrity check says ok.
#   import_crash_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
umind_test_begin umimpcrash
db=$tmp/umind.db
lines=200000
q() { sqlite3 -readonly "$db" "$1"; }

# gen PREFIX: $lines accounts "PREFIX000001-tky" …, 5% of them renamed.
gen() {
  awk -v n=$lines -v p="$1" 'BEGIN {
    h = "{CRYPT}$6$abcdefghijklmnop$zvvUv7Yhc.GWQAMkELZWMo0deEfHPxsp3ZZaXilVHo4h9R59DVwxQO5xS.TrA3vS4wBvN48kLpld32R1F5j4X."
    print "id,kind,name,contact,person_key,password_hash,services,renamed_from"
    for (i = 1; i <= n; i++) {
      id = sprintf("%s%06d-tky", p, i)
      old = i % 20 == 0 ? sprintf("%s%06d-old@2026-05-01T00:00:00Z@on", p, i) : ""
      print id ",personal,Name " i ",u" i "@example.org,MD-" p i "," h ",epoc;ctr," old
    }
  }'
}

# wait_for TEXT: until umind's log has TEXT (at most 60 s).
wait_for() {
  local i
  for i in $(seq 1 1200); do grep -qF -- "$1" "$tmp/umind.log" && return 0; sleep 0.05; done
  return 1
}

wal_size() { stat -c %s "$db-wal" 2>/dev/null || echo 0; }

# Round PREFIX HOW: import a fresh file, kill umind at the moment HOW says.
round() {
  local p=$1 how=$2 committed=unknown
  gen "$p" >"$tmp/$p.csv"
  : >"$tmp/umind.log"
  $CTL import "$tmp/$p.csv" >"$tmp/$p.out" 2>&1 &
  local ctl=$!
  wait_for "import '$tmp/$p.csv': " || { echo "FAIL: round $p: the import never started" >&2; failures=$((failures + 1)); }
  case $how in
    sleep:*) sleep "${how#sleep:}" ;;
    wal)  # the WAL grows only when the transaction spills or commits: kill then
      local before i
      before=$(wal_size)
      for i in $(seq 1 2000); do [ "$(wal_size)" -gt "$before" ] && break; sleep 0.005; done ;;
    committed)  # umind logs the import once COMMIT has returned: it must survive
      wait_for "accounts imported" || true ;;
  esac
  grep -qF "accounts imported" "$tmp/umind.log" && committed=before-kill
  umind_kill
  wait $ctl 2>/dev/null || true
  umind_start "$tmp"
  local n journal
  n=$(q "SELECT COUNT(*) FROM accounts WHERE id LIKE '$p%'")
  journal=$(q "SELECT COUNT(*) FROM journal WHERE op = 'account.import' AND data LIKE '%\"$p%'")
  echo "round $p ($how): $n of $lines accounts after the restart (import finished before the kill: $committed)"
  if [ "$n" != 0 ] && [ "$n" != "$lines" ]; then
    echo "FAIL: round $p: $n accounts: a half-written import" >&2
    failures=$((failures + 1))
  fi
  if [ "$committed" = before-kill ] && [ "$n" != "$lines" ]; then
    echo "FAIL: round $p: the import was committed but $n accounts are there after the restart" >&2
    failures=$((failures + 1))
  fi
  [ "$journal" = "$n" ] || { echo "FAIL: round $p: $n accounts but $journal journal rows" >&2; failures=$((failures + 1)); }
  if [ "$n" = "$lines" ]; then
    [ "$(q "SELECT COUNT(*) FROM aliases a JOIN accounts c ON c.key = a.account_key WHERE c.id LIKE '$p%'")" = $((lines / 20)) ] ||
      { echo "FAIL: round $p: aliases missing" >&2; failures=$((failures + 1)); }
    [ "$(q "SELECT COUNT(*) FROM grants g JOIN accounts c ON c.key = g.account_key WHERE c.id LIKE '$p%'")" = $((lines * 2)) ] ||
      { echo "FAIL: round $p: grants missing" >&2; failures=$((failures + 1)); }
  fi
  [ "$(q "PRAGMA integrity_check")" = ok ] || { echo "FAIL: round $p: integrity_check" >&2; failures=$((failures + 1)); }
}

round ra sleep:0.3
round rb sleep:1
round rc wal
round rd committed

# What uminctl status counts agrees with the tables, and umind still imports.
active=$(q "SELECT COUNT(*) FROM accounts WHERE status = 'active'")
expect_exit 0 $CTL status
expect_output "$active active, 0 merged, 0 deleted accounts"
[ "$active" -ge "$lines" ] || { echo "FAIL: the committed round is missing" >&2; failures=$((failures + 1)); }
gen re >"$tmp/re.csv"
expect_exit 0 $CTL import "$tmp/re.csv"
expect_output "imported $lines accounts"
finish
