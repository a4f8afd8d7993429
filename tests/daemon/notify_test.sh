#!/usr/bin/env bash
# notify_test.sh — umind run the way systemd runs a Type=notify unit with
# WatchdogSec: NOTIFY_SOCKET on a datagram socket this test reads,
# WATCHDOG_USEC=2000000 and WATCHDOG_PID = umind's own pid. For the role sets
# [store, sync, milter, api], [store, api] and [milter]: READY=1, then
# WATCHDOG=1 at least every second, RELOADING=1 (and READY=1 again) on
# SIGUSR1, STOPPING=1 on SIGTERM and exit 0. Where there is a store, a writer
# thread held up (--test-stall-file) stops the pings, and they come back when
# it goes on. No slapd: the sync role and the replica keep retrying, which is
# exactly when their threads must still count as alive.
#   notify_test.sh UMIND
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/assert.sh"
UMIND=$1
tmp=$(mktemp -d /tmp/notify.XXXXXX)
LISTENER_PID= UMIND_PID=
cleanup() {
  [ -n "$UMIND_PID" ] && kill -9 "$UMIND_PID" 2>/dev/null || true
  [ -n "$LISTENER_PID" ] && kill "$LISTENER_PID" 2>/dev/null || true
  [ "$failures" = 0 ] && rm -rf "$tmp" || echo "kept $tmp for inspection" >&2
}
trap cleanup EXIT

NOTIFY_LOG=$tmp/notify.log
python3 "$here/../lib/notify_listener.py" "$tmp/notify.sock" "$NOTIFY_LOG" &
LISTENER_PID=$!
for _ in $(seq 1 100); do [ -S "$tmp/notify.sock" ] && break; sleep 0.05; done

now() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }
# seen MESSAGE [AFTER]: a notification with MESSAGE arrived (after AFTER).
seen() { awk -v m="$1" -v t="${2:-0}" '$1 > t && index($0, m) { f = 1 } END { exit !f }' "$NOTIFY_LOG"; }
wait_seen() {   # wait_seen MESSAGE AFTER SECONDS
  local i
  for i in $(seq 1 $(($3 * 20))); do seen "$1" "$2" && return 0; sleep 0.05; done
  fail "no $1 within $3 s (after $2); notifications: $(tail -5 "$NOTIFY_LOG" | tr '\n' ' ')"
  return 1
}
# pings FROM TO: how many WATCHDOG=1 arrived in (FROM, TO], and the longest
# gap between FROM, each ping and TO.
pings() {
  awk -v a="$1" -v b="$2" 'BEGIN { last = a; gap = 0 }
    $2 ~ /^WATCHDOG=1/ && $1 > a && $1 <= b { n++; if ($1 - last > gap) gap = $1 - last; last = $1 }
    END { if (b - last > gap) gap = b - last; printf "%d %.3f\n", n, gap }' "$NOTIFY_LOG"
}

start_umind() {   # start_umind NAME ROLES
  local dir=$tmp/$1
  mkdir -p "$dir"
  cat >"$dir/umind.yaml" <<YAML
roles: [$2]
store: {path: $dir/umind.db}
ldap: {uri: 'ldap://127.0.0.1:1/', timeout: 1s}
milter: {listen: 'unix:$dir/milter.sock'}
api: {listen: 'unix:$dir/api.sock'}
metrics: {listen: ''}
log: {target: stderr, level: info}
YAML
  : >"$NOTIFY_LOG"
  # exec keeps the subshell's pid, so WATCHDOG_PID names umind itself
  ( export NOTIFY_SOCKET=$tmp/notify.sock WATCHDOG_USEC=2000000 WATCHDOG_PID=$BASHPID
    exec "$UMIND" -c "$dir/umind.yaml" --test-stall-file "$dir/stall" ) </dev/null >>"$dir/umind.log" 2>&1 &
  UMIND_PID=$!
  UMIND_LOG=$dir/umind.log
  STALL=$dir/stall
  wait_seen READY=1 0 10 || { cat "$UMIND_LOG" >&2; return 1; }
}

check_pings() {   # check_pings WHAT: over the next 3 s, a ping at least every second
  local t0 n gap
  t0=$(now); sleep 3
  read -r n gap < <(pings "$t0" "$(now)")
  echo "$1: $n pings in 3 s, longest gap $gap s"
  [ "$n" -ge 3 ] || fail "$1: only $n WATCHDOG=1 in 3 s"
  awk -v g="$gap" 'BEGIN { exit !(g <= 1.0) }' || fail "$1: $gap s without WATCHDOG=1 (WATCHDOG_USEC=2 s)"
}

check_reload_and_stop() {   # check_reload_and_stop WHAT
  local t0 rc=0
  t0=$(now)
  kill -USR1 "$UMIND_PID"
  wait_seen RELOADING=1 "$t0" 5 && wait_seen READY=1 "$t0" 5
  seen MONOTONIC_USEC= "$t0" || fail "$1: RELOADING=1 without MONOTONIC_USEC"
  t0=$(now)
  kill -TERM "$UMIND_PID"
  wait_seen STOPPING=1 "$t0" 5
  wait "$UMIND_PID" || rc=$?
  UMIND_PID=
  [ "$rc" = 0 ] || fail "$1: exit $rc after SIGTERM"
}

check_stall() {   # a held-up writer stops the pings; they resume when it goes on
  local t0 t1 n gap
  touch "$STALL"
  t0=$(now); sleep 3
  read -r n gap < <(pings "$(awk -v t="$t0" 'BEGIN { printf "%.3f", t + 1.4 }')" "$(now)")
  [ "$n" = 0 ] || fail "stalled writer: still $n WATCHDOG=1 more than 1.4 s after the stall began"
  grep -q "watchdog: store role: the store writer thread has not run" "$UMIND_LOG" ||
    fail "the log does not say why the pings stopped"
  rm -f "$STALL"
  t1=$(now)
  wait_seen WATCHDOG=1 "$t1" 2
  grep -q "watchdog: every role is alive again" "$UMIND_LOG" || fail "the log does not say the pings resumed"
}

for set in "store, sync, milter, api" "store, api" "milter"; do
  name=$(echo "$set" | tr -d ' ,')
  echo "== roles [$set]"
  start_umind "$name" "$set" || continue
  check_pings "[$set]"
  case $set in store*) check_stall ;; esac
  check_reload_and_stop "[$set]"
done
finish
