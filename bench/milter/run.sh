#!/usr/bin/env bash
# run.sh — the milter benchmark, all in one run:
#  1. the decision microbenchmark (milter_decision_bench: N live IDs + N/10
#     old addresses in the replica; decisions/s on one thread, p99, RSS);
#  2. a private slapd holding N people + N/10 aliases (slapadd), a milter-only
#     umind loading them over ldap_sync (load time, umind's RSS);
#  3. messages/s through a private Postfix -> smtp-sink (smtp-source, 8
#     sessions, 1 KB messages to one live ID) with: no milter, the minimal
#     pass-through milter (passthrough_milter.c), umind's milter, umind's
#     socketmap (the hook-up of conf/postfix-main.cf.snippet, DESIGN §6a) and
#     Postfix's own ldap: virtual_alias_maps against the same slapd — ROUNDS
#     rounds, interleaved; medians and ratios;
#  4. the socketmap at the socket (milter_socketmap_bench: a replica of N in
#     memory, one lookup at a time: p50/p99; then 8 connections at once).
#   bench/milter/run.sh BUILD_DIR [N] [MESSAGES] [ROUNDS]   (1000000 2000 3)
#   VARIANTS="ldap socketmap" runs only those Postfix variants (default: all five).
# Needs root (Postfix). Builds only the C anchor milter, into a temp dir.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [N] [MESSAGES] [ROUNDS]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (Postfix runs its daemons as user postfix)" >&2; exit 2; }
build=$(cd "$1" && pwd)
n=${2:-1000000} messages=${3:-2000} rounds=${4:-3}
variants=${VARIANTS:-none passthrough umind ldap socketmap}
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../../tests/fixtures
UMIND_BIN=$build/daemon/umind
for b in "$UMIND_BIN" "$build/bench/milter/milter_decision_bench" "$build/bench/milter/milter_socketmap_bench"; do [ -x "$b" ] || { echo "no $b: build first" >&2; exit 2; }; done
. "$here/../../tests/lib/assert.sh"
. "$here/../../tests/milter/milter_lib.sh"

work=$(mktemp -d /tmp/umb.XXXXXX)
chmod 755 "$work"
anchor_pid=
cleanup() {
  "$fixtures/postfix.sh" stop "$work/p" || true
  [ -n "$anchor_pid" ] && kill "$anchor_pid" 2>/dev/null || true
  milter_stop || true
  "$fixtures/slapd.sh" stop "$work/s" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s%3N; }
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
mport=$(free_port)
MILTER_METRICS=127.0.0.1:$(free_port)
export MILTER_METRICS
t=$(now)
MILTER_SOCKETMAP=unix:$work/socketmap.sock MILTER_LOAD_WAIT=300 milter_start "$work/m" "inet:$mport@127.0.0.1"
chgrp postfix "$work/socketmap.sock"   # mode 0660: Postfix's user in umind's group
echo "umind's replica loaded in $(( $(now) - t )) ms (start to 'replica loaded'): $(grep -o 'replica loaded.*' "$work/m/umind.log")"
echo "umind (milter role) RSS: $(awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' /proc/$MILTER_PID/status)," \
     "peak $(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' /proc/$MILTER_PID/status)"

echo "== messages through Postfix -> smtp-sink ($messages per run, 8 sessions, 1 KB, to one live ID)"
cc -O2 -pthread -o "$work/passthrough_milter" "$here/passthrough_milter.c" $(pkg-config --cflags --libs milter)
aport=$(free_port)
"$work/passthrough_milter" "inet:$aport@127.0.0.1" </dev/null >"$work/anchor.log" 2>&1 &
anchor_pid=$!
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

run_variant() {  # NAME MILTER [EXTRA_MAIN_CF] -> prints msgs/s
  POSTFIX_EXTRA=${3:-} "$fixtures/postfix.sh" start "$work/p" "$2" >/dev/null
  . "$work/p/env"
  local t0 t1 i count
  t0=$(now)
  if ! timeout 600 /usr/sbin/smtp-source -s 8 -m "$messages" -l 1024 -f sender@example.org -t "$rcpt" \
      -M client.test.invalid "127.0.0.1:$SMTP_PORT" >/dev/null; then
    "$fixtures/postfix.sh" stop "$work/p"
    echo "$1: smtp-source failed (see above)" >&2; echo 0; return 0
  fi
  for i in $(seq 1 6000); do   # <= 600 s
    count=$(find "$SINK_DIR" -type f | wc -l)
    [ "$count" -ge "$messages" ] && break
    sleep 0.1
  done
  t1=$(now)
  "$fixtures/postfix.sh" stop "$work/p"
  [ "$count" -ge "$messages" ] || { echo "$1: only $count of $messages arrived" >&2; echo 0; return 0; }
  awk -v n="$messages" -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", n * 1000 / ms }'
}

declare -A results
run_named() {  # VARIANT -> msgs/s
  case $1 in
    none) run_variant none '' ;;
    passthrough) run_variant passthrough "inet:127.0.0.1:$aport" ;;
    umind) run_variant umind "inet:127.0.0.1:$mport" ;;
    ldap) run_variant ldap '' "virtual_alias_maps = ldap:$work/ldap-aliases.cf" ;;
    socketmap) run_variant socketmap '' "$(socketmap_hookup "$work/socketmap.sock")" ;;
  esac
}
for r in $(seq 1 "$rounds"); do
  order=$variants
  # the two lookup-table variants alternate which goes first
  [ $((r % 2)) = 0 ] && order=$(sed 's/ldap socketmap/socketmap ldap/' <<<"$order")
  for v in $order; do results[$v]+="$(run_named "$v") "; done
  echo "after round $r, msgs/s: none [${results[none]:-}] pass-through [${results[passthrough]:-}]" \
       "umind [${results[umind]:-}] ldap [${results[ldap]:-}] socketmap [${results[socketmap]:-}]"
done
median() { tr ' ' '\n' <<<"$1" | { grep . || true; } | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
none=$(median "${results[none]:-}") pass=$(median "${results[passthrough]:-}")
um=$(median "${results[umind]:-}") ldap=$(median "${results[ldap]:-}") sm=$(median "${results[socketmap]:-}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
echo "medians (msgs/s): no milter $none, pass-through milter $pass, umind milter $um, umind socketmap $sm," \
     "Postfix ldap: map $ldap"
echo "ratios: umind / pass-through = $(ratio "$um" "$pass"); umind / no milter = $(ratio "$um" "$none");" \
     "pass-through / no milter = $(ratio "$pass" "$none"); ldap map / no milter = $(ratio "$ldap" "$none");" \
     "socketmap / ldap map = $(ratio "$sm" "$ldap"); socketmap / no milter = $(ratio "$sm" "$none")"
ratio_by_round() {  # A B: A / B for each round
  paste -d' ' <(tr ' ' '\n' <<<"$1" | { grep . || true; }) <(tr ' ' '\n' <<<"$2" | { grep . || true; }) |
    awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / $2 }'
}
echo "socketmap / ldap map by round (same round, alternating): $(ratio_by_round "${results[socketmap]:-}" "${results[ldap]:-}")"
echo "umind's own count: $(curl -s "http://$MILTER_METRICS/metrics" | grep -E '^umind_milter_decisions_total\{case="live"\}|^umind_milter_decision_seconds_(sum|count)' | tr '\n' ' ')"

echo "== socketmap at the socket (replica of $n in memory, milter_socketmap_bench)"
"$build/bench/milter/milter_socketmap_bench" "$n" "unix:$work/socketmap-bench.sock" 8
"$build/bench/milter/milter_socketmap_bench" "$n" "inet:127.0.0.1:$(free_port)" 8
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
