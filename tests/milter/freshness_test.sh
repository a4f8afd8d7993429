#!/usr/bin/env bash
# freshness_test.sh — end-to-end replica freshness (DESIGN §5, §6), with real
# parts: a provider slapd with the central umind (store, api, sync) writing
# uminHeartbeat every second; a consumer slapd replicating it over syncrepl
# through a TCP relay this test can cut; a milter-only umind reading the
# consumer with milter.max_staleness: 3s.
#   (a) the central umind stops: after ~3 s unknown IDs get 451 4.3.0 while
#       live IDs and aliases are still accepted; started again: 550 5.1.1;
#   (b) the consumer's replication is cut while the central umind keeps
#       writing: the same degrade (a new ID made meanwhile gets 451, never
#       550); the link back: 550 for unknown, the new ID accepted.
#   freshness_test.sh UMIND UMINCTL
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$here/../lib/umind.sh"
. "$here/../daemon/sync/sync_lib.sh"
. "$here/milter_lib.sh"

PROXY_PID=
sync_tmp freshness
trap 'sync_diagnose $?; milter_stop || true; umind_stop || true; [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null;
      "$SLAPD_FIXTURE" stop "$tmp/replica" >/dev/null 2>&1; "$SLAPD_FIXTURE" stop "$tmp/ldap" >/dev/null 2>&1;
      [ "$failures" = 0 ] && rm -rf "$tmp" || echo "kept $tmp" >&2' EXIT

sync_slapd   # the provider
PROVIDER_PORT=$LDAP_PORT
ldap_root ldapadd >/dev/null <<LDIF
dn: cn=milter,ou=system,$BASE
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: milter
userPassword: milter-test-secret
LDIF

PROXY_PORT=$(free_port)
start_proxy() {
  python3 "$here/../lib/tcp_proxy.py" "$PROXY_PORT" "$PROVIDER_PORT" &
  PROXY_PID=$!
  for _ in $(seq 1 50); do ss -Htln "sport = :$PROXY_PORT" | grep -q . && return 0; sleep 0.1; done
  fail "the relay did not listen"
}
cut_link() { kill "$PROXY_PID"; wait "$PROXY_PID" 2>/dev/null || true; PROXY_PID=; }
start_proxy
SLAPD_PROVIDER="ldap://127.0.0.1:$PROXY_PORT/" SLAPD_TLS_CA_DIR="$tmp/ldap/tls" \
  "$SLAPD_FIXTURE" start "$tmp/replica" >/dev/null   # StartTLS through the relay, the provider's CA
CONSUMER_URI=$(sed -n 's/^LDAP_URI=//p' "$tmp/replica/env")
on_consumer() {   # on_consumer FILTER: the consumer holds an entry matching FILTER
  ldapsearch -x -LLL -H "$CONSUMER_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" -b "$BASE" "$1" dn 2>/dev/null | grep -q '^dn:'
}

sync_start_umind "sync: {heartbeat_interval: 1s}"
$CTL account create taro-tky --kind personal >/dev/null
$CTL account create hana-old --kind personal >/dev/null
$CTL account rename hana-old hana-new >/dev/null
synced || fail "sync now"
check_eventually 15 "the consumer replicated the accounts and the heartbeat" \
  on_consumer "(&(objectClass=uminAlias)(uid=hana-old))"
check_eventually 15 "the consumer holds a heartbeat" on_consumer "(uminHeartbeat=*)"

SOCK="unix:$tmp/mx/milter.sock"
MILTER_METRICS_PORT=$(free_port)
MILTER_METRICS="127.0.0.1:$MILTER_METRICS_PORT" MILTER_MAX_STALENESS=3s milter_start "$tmp/mx" "$SOCK" "$CONSUMER_URI"
check_eventually 10 "the MX milter loaded its replica" grep -q "replica loaded" "$tmp/mx/umind.log"
metric() { curl -fsS "http://127.0.0.1:$MILTER_METRICS_PORT/metrics" | sed -n "s/^$1 //p"; }

echo "== fresh"
expect_answer continue '<taro-tky@umin.ac.jp>'
expect_answer continue '<hana-old@umin.ac.jp>'
expect_answer "550 5.1.1" '<nobody-here@umin.ac.jp>'
age=$(metric umind_milter_replica_heartbeat_age_seconds)
[ -n "$age" ] && [ "${age%.*}" -le 3 ] || fail "a fresh replica's heartbeat age is '$age'"
# uminctl status on every host: the MX host (no API) reads its own replica
MX_CTL="$UMINCTL_BIN -c $tmp/mx/umind.yaml"
expect_exit 0 $MX_CTL --json status
age=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["directory"]["heartbeat_age_seconds"])' "$OUT")
[ "$age" -le 3 ] 2>/dev/null || fail "uminctl status on the MX host: heartbeat age '$age'"
expect_exit 0 $MX_CTL status
expect_output "heartbeat "
expect_exit 0 $CTL status
expect_output "heartbeat written "

check_degraded() {   # check_degraded WHAT: held routes work, refusals held back
  expect_answer continue '<taro-tky@umin.ac.jp>'
  expect_answer continue '<hana-old@umin.ac.jp>'
  expect_answer "550 5.1.3" '<x@umin.ac.jp>'
  local stale; stale=$(metric umind_milter_replica_staleness_seconds)
  [ -n "$stale" ] && [ "${stale%.*}" -gt 3 ] || fail "$1: staleness metric '$stale', want > 3"
  expect_log "which a newer directory could overturn"
  expect_exit 0 $MX_CTL status
  expect_output "older than milter.max_staleness"
}

echo "== (a) the central umind stops"
umind_stop
ms=$(wait_answer "451 4.3.0" '<nobody-here@umin.ac.jp>' 10)
echo "unknown IDs tempfailed $ms ms after the central umind stopped"
[ "$ms" -ge 1000 ] && [ "$ms" -le 6000 ] || fail "(a) degraded after $ms ms (max_staleness 3 s, heartbeat 1 s)"
check_degraded "(a)"
sync_start_umind
ms=$(wait_answer "550 5.1.1" '<nobody-here@umin.ac.jp>' 15)
echo "unknown IDs refused again $ms ms after the central umind came back"

echo "== (b) the consumer's replication is cut; the central umind keeps writing"
cut_link
beat1=$(attr "cn=umind,ou=system,$BASE" uminHeartbeat)
ms=$(wait_answer "451 4.3.0" '<nobody-here@umin.ac.jp>' 10)
echo "unknown IDs tempfailed $ms ms after the cut"
[ "$ms" -le 6000 ] || fail "(b) degraded after $ms ms"
beat2=$(attr "cn=umind,ou=system,$BASE" uminHeartbeat)
[ "$beat1" != "$beat2" ] || fail "(b) the provider's heartbeat did not move ($beat1)"
grep -q "replica loaded\|replica resumed" "$tmp/mx/umind.log" || fail "(b) no replica"
check_degraded "(b)"
$CTL account create jiro-new --kind personal >/dev/null
synced || fail "sync now"
expect_answer "451 4.3.0" '<jiro-new@umin.ac.jp>'   # a new ID is never refused for good from stale data
start_proxy
ms=$(wait_answer "550 5.1.1" '<nobody-here@umin.ac.jp>' 20)
echo "unknown IDs refused again $ms ms after the link came back"
expect_answer continue '<jiro-new@umin.ac.jp>'

milter_stop
finish
