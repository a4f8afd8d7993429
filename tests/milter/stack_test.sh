#!/bin/bash
# stack_test.sh — the whole stack with real parts, for the issue's Must-show
# "a rename made with uminctl is routed by the milter within 1 s": a private
# slapd with the production ACLs, ONE umind with all four roles (store, api,
# sync, milter; the milter reads LDAP with umind's own DN) and a private
# Postfix relaying umin.ac.jp to smtp-sink with that milter. An account made
# with uminctl is synced and its mail arrives unchanged; `uminctl status`
# shows the LDAP sync and the milter replica; after `uminctl account rename`
# mail to the old address arrives for the new ID within 1 s of uminctl
# returning (measured through Postfix: the milter rewrites the envelope
# before Postfix answers the end of data, so the probe's swaks return time
# bounds the milter's decision); an unknown ID gets 550 5.1.1 in the SMTP
# dialogue.
#   stack_test.sh UMIND UMINCTL
# Needs root (Postfix's daemons run as user postfix): exits 77 (skipped) and
# says so otherwise. CI runs as root.
set -euo pipefail
UMIND_BIN=$1 UMINCTL_BIN=$2
here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../fixtures"
. "$here/../lib/assert.sh"
skip_unless_root "the stack test needs root (Postfix runs its daemons as user postfix)"
. "$here/../lib/umind.sh"
. "$here/../daemon/sync/sync_lib.sh"
. "$here/milter_lib.sh"   # free_port

sync_tmp umind-stack   # $tmp (755: Postfix and smtp-sink reach it); its trap is replaced below
UMIND_PID=""
# One trap for everything: Postfix first (no more milter connections), then
# umind, then slapd; on a failure the ends of the logs, and $tmp is kept.
cleanup() {
  local rc=$?
  trap - EXIT
  set +e
  "$fixtures/postfix.sh" stop "$tmp/p" >/dev/null 2>&1
  [ -n "$UMIND_PID" ] && umind_stop
  "$SLAPD_FIXTURE" stop "$tmp/ldap" >/dev/null 2>&1
  if [ "$rc" = 0 ] && [ "$failures" = 0 ]; then
    rm -rf "$tmp"
  else
    sync_diagnose 1
    echo "--- maillog (last 20 lines)" >&2
    tail -n 20 "$tmp/p/maillog" >&2 2>/dev/null
    echo "kept $tmp for inspection" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT

sync_slapd   # $BASE, $UMIND_DN, $tmp/ldap.pw (umind's bind password)
mport=$(free_port)
UMIND_METRICS=127.0.0.1:$(free_port)
UMIND_ROLES='store, api, sync, milter' umind_start "$tmp/umind" \
  "ldap: {uri: '$LDAP_URI', base_dn: '$BASE', bind_dn: '$UMIND_DN', bind_password_file: $tmp/ldap.pw, timeout: 5s}
milter: {listen: 'inet:$mport@127.0.0.1'}"
for _ in $(seq 1 100); do
  grep -q "replica loaded" "$tmp/umind/umind.log" && break
  kill -0 "$UMIND_PID" 2>/dev/null || break
  sleep 0.05
done
grep -q "replica loaded" "$tmp/umind/umind.log" || { fail "umind's milter did not load its replica within 5 s"; exit 1; }
echo "ok  $(grep -m1 -o "replica loaded.*" "$tmp/umind/umind.log")"

"$fixtures/postfix.sh" start "$tmp/p" "inet:127.0.0.1:$mport"
. "$tmp/p/env"

. "$here/mail_lib.sh"   # send, arrived, expect_delivery, expect_refusal (Postfix env loaded)

# The account, made with uminctl and synced; the milter follows slapd.
expect_exit 0 $CTL account create kiuchi-tky --kind personal --password-stdin <<<'Taro-Passw0rd-1'
expect_exit 0 $CTL sync now
routed=""
for _ in $(seq 1 25); do   # <= 5 s (+ the swaks time)
  send kiuchi-tky@umin.ac.jp
  [ "$RC" = 0 ] && { routed=1; break; }
  sleep 0.2
done
[ -n "$routed" ] || { fail "mail to kiuchi-tky not accepted within 5 s of sync now"; echo "$OUT" >&2; }
got=$(arrived)
[ "$got" = "<kiuchi-tky@umin.ac.jp>" ] || fail "mail to kiuchi-tky arrived for [$got]"
echo "ok  kiuchi-tky@umin.ac.jp -> $got"

expect_exit 0 $CTL status
expect_output "LDAP: connected"
expect_output "milter replica: loaded"
echo "ok  uminctl status:"; sed 's/^/      /' <<<"$OUT"

# The rename: from uminctl returning, mail to the old address must arrive for
# the new ID within 1 s. Probes go through Postfix one after the other; the
# latency is taken at the end of the first probe routed to the new ID (an
# upper bound of when the milter started to route it so).
expect_exit 0 $CTL account rename kiuchi-tky taro-tky
t0=$(date +%s%3N)
[ "$RC" = 0 ] || echo "$OUT" >&2
ms="" prev=0 probes=0
while [ $(( $(date +%s%3N) - t0 )) -lt 5000 ]; do
  send kiuchi-tky@umin.ac.jp
  t=$(( $(date +%s%3N) - t0 )); probes=$((probes + 1))
  if [ "$RC" != 0 ]; then
    fail "mail to kiuchi-tky during the rename: swaks exit $RC after $t ms"
    echo "$OUT" >&2; break
  fi
  got=$(arrived)
  if [ "$got" = "<taro-tky@umin.ac.jp>" ]; then ms=$t; break; fi
  [ "$got" = "<kiuchi-tky@umin.ac.jp>" ] || { fail "mail to kiuchi-tky during the rename arrived for [$got]"; break; }
  prev=$t
done
if [ -z "$ms" ]; then
  fail "mail to kiuchi-tky did not arrive for taro-tky within 5 s of the rename ($probes probes)"
else
  echo "ok  rename routed by the milter after $ms ms (probe $probes; the probe before ended at $prev ms)"
  [ "$ms" -le 1000 ] || fail "the rename took $ms ms to reach the milter (more than 1 s)"
fi

expect_delivery taro-tky@umin.ac.jp "<taro-tky@umin.ac.jp>"
expect_refusal nobody-tky@umin.ac.jp "550 5.1.1"

# the milter's metrics: decisions by row, the latency histogram, the replica's size and freshness
curl -fsS "http://$UMIND_METRICS/metrics" >"$tmp/metrics" || fail "no metrics on $UMIND_METRICS"
has() { grep -q -- "$1" "$tmp/metrics" || fail "metrics lack: $1"; }
has '^umind_milter_decisions_total{.*} [1-9]'
has '^umind_milter_decision_seconds_bucket{le="+Inf"} [1-9]'
has '^umind_milter_decision_seconds_count [1-9]'
has '^umind_milter_replica_entries{kind="live"} [1-9]'
has '^umind_milter_replica_entries{kind="alias"} [1-9]'
has '^umind_milter_replica_loaded 1'
has '^umind_milter_replica_live 1'
# end to end: the age of the heartbeat the sync role writes every 10 s (+1 s of rounding)
has '^umind_milter_replica_staleness_seconds \([0-9]\|1[01]\)$'
has '^umind_milter_replica_heartbeat_age_seconds \([0-9]\|1[01]\)$'
has '^umind_sync_heartbeat_timestamp_seconds [1-9]'
has '^umind_milter_rewrites_total [1-9]'
has '^umind_sync_lag_rows 0'
finish
