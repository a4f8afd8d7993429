#!/usr/bin/env bash
# socket_bench.sh — what the milter's socket costs Postfix (DESIGN §7, README
# "Mail"): messages/s through a private Postfix -> smtp-sink with no milter,
# the pass-through milter (passthrough_milter.c) and umind's milter, each on
# a unix socket and on loopback inet:, plus both inet: variants again with
# the loopback route's quickack flag (ip route ... quickack 1: every socket
# on it ACKs at once instead of delaying the ACK; the milter-side remedy the
# issue measured, without touching libmilter). ROUNDS interleaved rounds;
# medians and ratios. Runs itself in a private network namespace
# (unshare -n), so the route change never touches the host.
#   bench/milter/socket_bench.sh BUILD_DIR [MESSAGES] [ROUNDS]   (1000 3)
# Needs root (Postfix, unshare). Builds only the C anchor milter, in a temp dir.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [MESSAGES] [ROUNDS]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (Postfix, unshare -n)" >&2; exit 2; }
if [ -z "${SOCKET_BENCH_NETNS:-}" ]; then
  exec env SOCKET_BENCH_NETNS=1 unshare -n -- "$0" "$@"
fi
ip link set lo up
build=$(cd "$1" && pwd)
messages=${2:-1000} rounds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../../tests/fixtures
UMIND_BIN=$build/daemon/umind
[ -x "$UMIND_BIN" ] || { echo "no $UMIND_BIN: build first" >&2; exit 2; }
. "$here/../../tests/lib/assert.sh"
. "$here/../../tests/milter/milter_lib.sh"

work=$(mktemp -d /tmp/umsb.XXXXXX)
chmod 755 "$work"
anchors=()
cleanup() {
  "$fixtures/postfix.sh" stop "$work/p" || true
  for p in "${anchors[@]}"; do kill "$p" 2>/dev/null || true; done
  milter_stop || true
  "$fixtures/slapd.sh" stop "$work/s" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s%3N; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $messages messages per run, 8 sessions"

"$fixtures/slapd.sh" start "$work/s" >/dev/null
. "$work/s/env"
load_routes
# Each milter listens on both sockets? libmilter serves one: two processes each.
mkdir -p "$work/m-unix" "$work/m-inet" "$work/q"
chgrp postfix "$work/q"; chmod 2770 "$work/q"   # as systemd/umind.tmpfiles.conf: sockets get group postfix
uport=$(free_port)
milter_start "$work/m-unix" "unix:$work/q/umind.sock"; umind_unix_pid=$MILTER_PID
MILTER_PID=; milter_start "$work/m-inet" "inet:$uport@127.0.0.1"; umind_inet_pid=$MILTER_PID
MILTER_PID=
cc -O2 -pthread -o "$work/passthrough_milter" "$here/passthrough_milter.c" $(pkg-config --cflags --libs milter)
aport=$(free_port)
(umask 000; exec "$work/passthrough_milter" "unix:$work/q/pass.sock" </dev/null >"$work/pass-unix.log" 2>&1) &
anchors+=($!)
"$work/passthrough_milter" "inet:$aport@127.0.0.1" </dev/null >"$work/pass-inet.log" 2>&1 &
anchors+=($!)
anchors+=("$umind_unix_pid" "$umind_inet_pid")
sleep 0.5

quickack() {   # on|off: the loopback route's quickack flag in this namespace
  local v=0; [ "$1" = on ] && v=1
  ip route change local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 quickack "$v"
  ip route change local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 quickack "$v"
}
run_variant() {  # MILTER -> prints msgs/s
  "$fixtures/postfix.sh" start "$work/p" "$1" >/dev/null
  . "$work/p/env"
  local t0 t1 i count
  t0=$(now)
  timeout 600 /usr/sbin/smtp-source -s 8 -m "$messages" -l 1024 -f sender@example.org -t kiuchi-tky@umin.ac.jp \
    -M client.test.invalid "127.0.0.1:$SMTP_PORT" >/dev/null || { "$fixtures/postfix.sh" stop "$work/p"; echo 0; return 0; }
  for i in $(seq 1 6000); do
    count=$(find "$SINK_DIR" -type f | wc -l)
    [ "$count" -ge "$messages" ] && break
    sleep 0.05
  done
  t1=$(now)
  "$fixtures/postfix.sh" stop "$work/p"
  [ "$count" -ge "$messages" ] || { echo "only $count of $messages arrived" >&2; echo 0; return 0; }
  awk -v n="$messages" -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", n * 1000 / ms }'
}

names=(none pass-unix pass-inet pass-inet-quickack umind-unix umind-inet umind-inet-quickack)
declare -A milter=([none]='' [pass-unix]="unix:$work/q/pass.sock" [pass-inet]="inet:127.0.0.1:$aport"
  [pass-inet-quickack]="inet:127.0.0.1:$aport" [umind-unix]="unix:$work/q/umind.sock"
  [umind-inet]="inet:127.0.0.1:$uport" [umind-inet-quickack]="inet:127.0.0.1:$uport")
declare -A results
for r in $(seq 1 "$rounds"); do
  for v in "${names[@]}"; do
    case $v in *quickack) quickack on;; *) quickack off;; esac
    results[$v]+="$(run_variant "${milter[$v]}") "
  done
  quickack off
  line="after round $r, msgs/s:"
  for v in "${names[@]}"; do line+=" $v [${results[$v]% }]"; done
  echo "$line"
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A m
for v in "${names[@]}"; do m[$v]=$(median "${results[$v]}"); done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
line="medians (msgs/s):"; for v in "${names[@]}"; do line+=" $v ${m[$v]}"; done; echo "$line"
echo "ratios: pass inet/unix $(ratio "${m[pass-inet]}" "${m[pass-unix]}")," \
     "pass inet+quickack/unix $(ratio "${m[pass-inet-quickack]}" "${m[pass-unix]}")," \
     "umind unix/pass unix $(ratio "${m[umind-unix]}" "${m[pass-unix]}")," \
     "umind inet/unix $(ratio "${m[umind-inet]}" "${m[umind-unix]}")," \
     "umind inet+quickack/unix $(ratio "${m[umind-inet-quickack]}" "${m[umind-unix]}")," \
     "pass unix/none $(ratio "${m[pass-unix]}" "${m[none]}")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
