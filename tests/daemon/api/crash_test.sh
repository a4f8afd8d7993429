#!/usr/bin/env bash
# crash_test.sh — SIGKILL during a burst of writes: after a restart the store
# is consistent and every write that was acknowledged (uminctl exit 0) is
# there, with its journal row.
#   crash_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
umind_test_begin umcrash
db=$tmp/umind.db

writer() {   # writer N: creates and grants in a loop; logs what was acknowledged
  local n=$1 i
  for i in $(seq 1 400); do
    if $CTL account create w$n-$i --kind personal >/dev/null 2>&1; then echo "w$n-$i" >>"$tmp/acked.$n"; fi
    if $CTL grant w$n-$i epoc >/dev/null 2>&1; then echo "w$n-$i" >>"$tmp/granted.$n"; fi
  done
}
missing() {   # missing ACKED_FILE HAVE_FILE: acknowledged IDs absent from HAVE_FILE
  sort -u "$1" | comm -23 - "$2"
}
for round in 1 2 3; do
  : >"$tmp/acked.$round"; : >"$tmp/granted.$round"
  writer "$round" & wpid=$!
  sleep 1.2
  umind_kill                                   # mid-burst, no warning
  kill $wpid 2>/dev/null || true               # the writer only logs what was acknowledged
  wait $wpid 2>/dev/null || true
  umind_start "$tmp"                           # same store, same socket
  acked=$(wc -l <"$tmp/acked.$round")
  [ "$acked" -gt 0 ] || { echo "FAIL: round $round acknowledged nothing" >&2; failures=$((failures + 1)); }
  # what the restarted daemon says exists, through the API
  $CTL --json account list --status active --limit 100000 |
    python3 -c 'import json,sys; [print(a["id"]) for a in json.load(sys.stdin)["accounts"]]' | sort >"$tmp/have"
  $CTL --json account list --status active --limit 100000 |
    python3 -c 'import json,sys; [print(a["id"]) for a in json.load(sys.stdin)["accounts"] if "epoc" in a["services"]]' |
    sort >"$tmp/have-grant"
  if [ -n "$(missing "$tmp/acked.$round" "$tmp/have")" ]; then
    echo "FAIL: round $round lost acknowledged creates: $(missing "$tmp/acked.$round" "$tmp/have" | head -5)" >&2
    failures=$((failures + 1))
  fi
  if [ -n "$(missing "$tmp/granted.$round" "$tmp/have-grant")" ]; then
    echo "FAIL: round $round lost acknowledged grants" >&2
    failures=$((failures + 1))
  fi
done
q() { sqlite3 -readonly "$db" "$1"; }
[ "$(q "PRAGMA integrity_check")" = ok ] || { echo "FAIL: integrity_check" >&2; failures=$((failures + 1)); }
# every account has its create row and every grant its grant row: nothing half-written
[ "$(q "SELECT COUNT(*) FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.account_key=a.key AND j.op='account.create')")" = 0 ] ||
  { echo "FAIL: an account without its journal row" >&2; failures=$((failures + 1)); }
[ "$(q "SELECT COUNT(*) FROM grants")" = "$(q "SELECT COUNT(*) FROM journal WHERE op='grant'")" ] ||
  { echo "FAIL: grants and grant journal rows differ" >&2; failures=$((failures + 1)); }
echo "acknowledged writes checked: $(cat "$tmp"/acked.* | wc -l) creates, $(cat "$tmp"/granted.* | wc -l) grants"
finish
