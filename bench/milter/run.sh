#!/usr/bin/env bash
# run.sh — the milter benchmark, all in one run, in a private network
# namespace (unshare -n: the loopback route's quickack flag can be set
# without touching the host):
#  1. the decision microbenchmark (milter_decision_bench: N live IDs + N/10
#     old addresses in the replica; decisions/s on one thread, p99, RSS);
#  2. a private slapd (the shipped provider configuration) holding N people
#     + N/10 aliases (slapadd); two milter-only umind load them over
#     ldap_sync: one on a unix socket in a set-group-ID directory of group
#     postfix, as shipped (also serving the socketmap), one on loopback inet
#     (load time, RSS);
#  3. messages/s through a private Postfix -> smtp-sink (smtp-source, 8
#     sessions, 1 KB messages to one live ID), variants:
#       none         no milter
#       pass-unix    the pass-through milter (passthrough_milter.c) on a unix socket
#       pass-inet    the same on loopback inet:
#       umind-unix   umind's milter on the unix socket
#       umind-inet   umind's milter on loopback inet:
#       pass-inet-qa, umind-inet-qa   the inet: variants with the loopback
#                    route's quickack flag (every socket on it ACKs at once)
#       ldap         Postfix's own ldap: virtual_alias_maps against the same slapd
#       socketmap    umind's socketmap (the hook-up of conf/postfix-main.cf.snippet, DESIGN §6a)
#     ROUNDS rounds, interleaved (ldap and socketmap swap order every
#     round); medians, and the ratios the issues name per round;
#  4. the socketmap at the socket (milter_socketmap_bench: a replica of N in
#     memory, one lookup at a time: p50/p99; then 8 connections at once).
#   bench/milter/run.sh BUILD_DIR [N] [MESSAGES] [ROUNDS]   (1000000 2000 3)
#   VARIANTS="ldap socketmap" runs only those Postfix variants (default: all).
# Needs root (Postfix, unshare). Builds only the C anchor milter, into a temp dir.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [N] [MESSAGES] [ROUNDS]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (Postfix runs its daemons as user postfix; unshare -n)" >&2; exit 2; }
if [ -z "${MILTER_BENCH_NETNS:-}" ]; then
  exec env MILTER_BENCH_NETNS=1 unshare -n -- "$0" "$@"
fi
ip link set lo up
build=$(cd "$1" && pwd)
n=${2:-1000000} messages=${3:-2000} rounds=${4:-3}
variants=${VARIANTS:-none pass-unix pass-inet pass-inet-qa umind-unix umind-inet umind-inet-qa ldap socketmap}
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../../tests/fixtures
UMIND_BIN=$build/daemon/umind
for b in "$UMIND_BIN" "$build/bench/milter/milter_decision_bench" "$build/bench/milter/milter_socketmap_bench"; do [ -x "$b" ] || { echo "no $b: build first" >&2; exit 2; }; done
. "$here/../../tests/lib/assert.sh"
. "$here/../../tests/milter/milter_lib.sh"

work=$(mktemp -d /tmp/umb.XXXXXX)
chmod 755 "$work"
daemons=()
cleanup() {
  "$fixtures/postfix.sh" stop "$work/p" || true
  for p in "${daemons[@]}"; do kill "$p" 2>/dev/null || true; done
  "$fixtures/slapd.sh" stop "$work/s" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. "$here/rate_lib.sh"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"

echo "== decisions (replica in memory, one thread)"
"$build/bench/milter/milter_decision_bench" "$n"

echo "== replica loaded from slapd over ldap_sync"
"$fixtures/slapd.sh" start "$work/s" >/dev/null
. "$work/s/env"
"$fixtures/slapd.sh" stop "$work/s"
t=$(now)
awk -v n="$n" -v base="$LDAP_BASE" -f "$here/gen_routes.awk" >"$work/routes.ldif"
sed -n '/^dn: cn=milter,ou=system/,/^$/p' "$here/../../tests/milter/routes.ldif" >>"$work/routes.ldif"
slapadd -q -f "$work/s/slapd.conf" -l "$work/routes.ldif"
echo "slapadd of $n people + $((n / 10)) aliases: $(( $(now) - t )) ms"
rm -f "$work/routes.ldif"
"$fixtures/slapd.sh" restart "$work/s" >/dev/null
. "$work/s/env"
# The unix socket as shipped (systemd/umind.tmpfiles.conf): a set-group-ID
# directory of group postfix, so umind's socket (0660) gets group postfix.
mkdir -p "$work/q"; chgrp postfix "$work/q"; chmod 2770 "$work/q"
MILTER_METRICS=127.0.0.1:$(free_port)
export MILTER_METRICS
t=$(now)
MILTER_SOCKETMAP=unix:$work/q/socketmap.sock MILTER_LOAD_WAIT=300 milter_start "$work/m" "unix:$work/q/umind.sock"
daemons+=("$MILTER_PID")
echo "umind's replica loaded in $(( $(now) - t )) ms (start to 'replica loaded'): $(grep -o 'replica loaded.*' "$work/m/umind.log")"
echo "umind (milter role) RSS: $(awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' /proc/$MILTER_PID/status)," \
     "peak $(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' /proc/$MILTER_PID/status)"
uport=$(free_port)   # libmilter serves one socket: a second umind for inet:
MILTER_PID=; MILTER_METRICS= MILTER_LOAD_WAIT=300 milter_start "$work/m-inet" "inet:$uport@127.0.0.1"
daemons+=("$MILTER_PID"); MILTER_PID=

echo "== messages through Postfix -> smtp-sink ($messages per run, 8 sessions, 1 KB, to one live ID)"
cc -O2 -pthread -o "$work/passthrough_milter" "$here/passthrough_milter.c" $(pkg-config --cflags --libs milter)
aport=$(free_port)
(umask 007; exec "$work/passthrough_milter" "unix:$work/q/pass.sock" </dev/null >"$work/pass-unix.log" 2>&1) &
daemons+=($!)
"$work/passthrough_milter" "inet:$aport@127.0.0.1" </dev/null >"$work/pass-inet.log" 2>&1 &
daemons+=($!)
for _ in $(seq 1 50); do [ -S "$work/q/pass.sock" ] && break; sleep 0.1; done
cat >"$work/ldap-aliases.cf" <<CF
server_host = $LDAP_URI
search_base = ou=aliases,$LDAP_BASE
query_filter = (&(objectClass=uminAlias)(uid=%u))
result_attribute = uminAliasOf
result_format = %s@umin.ac.jp
domain = umin.ac.jp
bind = yes
bind_dn = cn=milter,ou=system,$LDAP_BASE
bind_pw = milter-test-secret
version = 3
CF
chmod 644 "$work/ldap-aliases.cf"
rcpt=$(awk -v n="$n" 'BEGIN { i = int(n / 2); printf "u%07d-%s@umin.ac.jp", i, substr("tkykytoskngyhokkyu", 1 + 3 * (i % 6), 3) }')

quickack() {   # on|off: the loopback route's quickack flag in this namespace
  local v=0; [ "$1" = on ] && v=1
  ip route change local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 quickack "$v"
  ip route change local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 quickack "$v"
}
run_named() {  # VARIANT -> msgs/s
  case $1 in *-qa) quickack on;; *) quickack off;; esac
  case $1 in
    none) postfix_rate "$rcpt" '' ;;
    pass-unix) postfix_rate "$rcpt" "unix:$work/q/pass.sock" ;;
    pass-inet|pass-inet-qa) postfix_rate "$rcpt" "inet:127.0.0.1:$aport" ;;
    umind-unix) postfix_rate "$rcpt" "unix:$work/q/umind.sock" ;;
    umind-inet|umind-inet-qa) postfix_rate "$rcpt" "inet:127.0.0.1:$uport" ;;
    ldap) postfix_rate "$rcpt" '' "virtual_alias_maps = ldap:$work/ldap-aliases.cf" ;;
    socketmap) postfix_rate "$rcpt" '' "$(socketmap_hookup "$work/q/socketmap.sock")" ;;
    *) echo "unknown variant $1" >&2; echo 0 ;;
  esac
  quickack off
}
declare -A results
for r in $(seq 1 "$rounds"); do
  order=$variants
  # the two lookup-table variants alternate which goes first
  [ $((r % 2)) = 0 ] && order=$(sed 's/ldap socketmap/socketmap ldap/' <<<"$order")
  line="after round $r, msgs/s:"
  for v in $order; do results[$v]+="$(run_named "$v") "; line+=" $v [${results[$v]% }]"; done
  echo "$line"
done
declare -A m
line="medians (msgs/s):"
for v in $variants; do m[$v]=$(median "${results[$v]:-}"); line+=" $v ${m[$v]}"; done
echo "$line"
pair() {  # NAME A B: the median ratio and the ratio per round of variants A / B
  echo "$1: $(ratio "${m[$2]:-}" "${m[$3]:-}") (by round: $(ratio_by_round "${results[$2]:-}" "${results[$3]:-}"))"
}
echo "ratios:"
pair "  umind unix / pass-through unix (goal >= 0.95)" umind-unix pass-unix
pair "  umind inet / umind unix        (goal >= 1/1.1 = 0.91)" umind-inet umind-unix
pair "  umind inet+quickack / umind unix" umind-inet-qa umind-unix
pair "  pass-through inet / pass-through unix" pass-inet pass-unix
pair "  pass-through inet+quickack / unix" pass-inet-qa pass-unix
pair "  pass-through unix / no milter" pass-unix none
pair "  umind unix / no milter" umind-unix none
pair "  ldap map / no milter" ldap none
pair "  socketmap / ldap map           (goal >= 1.0)" socketmap ldap
pair "  socketmap / no milter" socketmap none
echo "umind's own count: $(curl -s "http://$MILTER_METRICS/metrics" | grep -E '^umind_milter_decisions_total\{case="live"\}|^umind_milter_decision_seconds_(sum|count)' | tr '\n' ' ')"

echo "== socketmap at the socket (replica of $n in memory, milter_socketmap_bench)"
"$build/bench/milter/milter_socketmap_bench" "$n" "unix:$work/socketmap-bench.sock" 8
"$build/bench/milter/milter_socketmap_bench" "$n" "inet:127.0.0.1:$(free_port)" 8
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
