#!/bin/bash
# mx_test.sh — the deployment of README "Deployment", run in network
# namespaces from the shipped files only (ctest -R deploy.mx): a central host
# (provider slapd on ldap://10.231.0.1/ with StartTLS, umind with all four
# roles over ldapi:/// as cn=umind) and two MX hosts (a consumer slapd
# replicating over StartTLS, umind with roles [milter] — mx1 over ldapi:///,
# mx2 over ldap://10.231.0.3/ with StartTLS — and a chrooted Postfix with the
# snippet's milter hook-up, smtp-sink as the mailbox host). Checked through
# Postfix with swaks on both MXs:
#   * accounts created, renamed and deleted with uminctl at the central host
#     reach both MXs within 2 s (the milliseconds are printed);
#   * general and INDICE binds to each replica over StartTLS;
#   * faults: the provider slapd killed (held routes still work, unknown IDs
#     451 4.3.0 after milter.max_staleness, 550 again when it is back); mx1's
#     cable pulled (mx1 degrades, mx2 routes normally; mx1 catches up);
#     mx1's umind SIGKILLed and restarted (4xx while down, then routed);
#   * TLS: a consumer, uminctl and umind trusting another CA are refused
#     (nothing replicated; a certificate error; mail 451 4.3.0);
#   * no mail lost: a ledger of every message (ledger_lib.sh).
#   mx_test.sh UMIND UMINCTL
# Needs root (namespaces, Postfix): exits 77 (skipped) otherwise.
set -euo pipefail
UMIND_BIN=$1 UMINCTL_BIN=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/assert.sh"
skip_unless_root "the deployment test needs root (network namespaces, Postfix)"
. "$here/netns_lib.sh"
. "$here/../milter/milter_lib.sh"   # shipped_milter_socket, milter_hookup
. "$here/../milter/mail_lib.sh"     # send, arrived, expect_tempfail_nothing_lost
. "$here/hosts_lib.sh"
. "$here/ledger_lib.sh"

DEPLOY_TMP=$(mktemp -d /tmp/umdep.XXXXXX)
chmod 755 "$DEPLOY_TMP"   # Postfix, smtp-sink and umind (nobody) reach their directories
LEDGER=$DEPLOY_TMP/ledger; : >"$LEDGER"
MAIL_ON_SEND=ledger_record
started=$(date +%s%3N)
cleanup() {
  local rc=$?
  trap - EXIT
  set +e
  hosts_down
  net_down || fail "a process outlived the test in its namespaces"
  if [ "$rc" = 0 ] && [ "$failures" = 0 ]; then
    rm -rf "$DEPLOY_TMP"
  else
    dump_logs
    echo "kept $DEPLOY_TMP for inspection" >&2
    [ "$rc" != 0 ] || rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM INT   # a timeout's SIGTERM still runs cleanup (Postfix's master is not in our process group)

now_ms() { date +%s%3N; }
# outcome: the last message's fate: "250 <rcpt>..." (accepted; where it arrived)
# or the first refusal's code and enhanced status ("550 5.1.1", "451 4.3.0").
outcome() {
  if grep -qE '^ *<- +250 .*queued as' <<<"$OUT"; then
    echo "250 $(arrived | tr '\n' ' ' | sed 's/ $//')"
  else
    grep -m1 -oE '<\*\* +[45][0-9][0-9] [45]\.[0-9]+\.[0-9]+' <<<"$OUT" | sed -E 's/^<\*\* +//' || echo "(no reply, swaks exit $RC)"
  fi
}
# expect_on HOST TO WANT: mail to TO through HOST's Postfix gets WANT (a prefix of outcome).
expect_on() {
  mx_use "$1"; send "$2"
  local got; got=$(outcome)
  if [[ $got == "$3"* ]]; then echo "ok  $1: $2 -> $got"
  else fail "$1: mail to $2 got '$got', want '$3'"; fi
}
# wait_on HOST TO OLD WANT LIMIT_MS SINCE_MS: a change is on its way: sends
# mail to TO while the outcome is still OLD (the answer before the change);
# the first other outcome must be WANT. Prints the milliseconds from SINCE_MS
# to that answer (the end of that swaks), or why not and fails.
wait_on() {
  local host=$1 to=$2 old=$3 want=$4 limit=$5 since=$6 got=""
  mx_use "$host"
  while :; do
    send "$to"; got=$(outcome)
    if [[ $got == "$want"* ]]; then echo $(( $(now_ms) - since )); return 0; fi
    [[ $got == "$old"* ]] || { echo "answered '$got', neither '$old' (before) nor '$want'"; return 1; }
    [ $(( $(now_ms) - since )) -lt "$limit" ] || break
    sleep 0.1
  done
  echo "still '$got' after $limit ms, want '$want'"
  return 1
}
# both TO OLD WANT LIMIT_MS WHAT [SINCE_MS]: wait_on on mx1 and mx2 at once,
# counting from SINCE_MS (default now); prints and checks each (a failure is
# counted, the test goes on); PROP gathers
# the milliseconds for the summary.
PROP=()
both() {
  local t0=${6:-$(now_ms)} h res jobs=()
  for h in m1 m2; do
    (wait_on "$h" "$1" "$2" "$3" "$4" "$t0" >"$DEPLOY_TMP/wait.$h" 2>&1 || true) &
    jobs+=($!)
  done
  wait "${jobs[@]}"   # only these: the daemons are background jobs of this shell too
  for h in m1 m2; do
    res=$(cat "$DEPLOY_TMP/wait.$h")
    if [[ $res =~ ^[0-9]+$ ]]; then echo "ok  $h: $5: $1 -> $3 after $res ms"; PROP+=("$5 $h ${res}ms")
    else fail "$h: $5: $1: $res"; fi
  done
}

echo "== topology $(ns '*'): central $ADDR_c, mx1 $ADDR_m1, mx2 $ADDR_m2 (bridge in $(ns sw))"
net_up "c=$ADDR_c" "m1=$ADDR_m1" "m2=$ADDR_m2"
central_up
echo "ok  central up after $(( $(now_ms) - started )) ms"
# A consumer that trusts another CA (the slapd of a misconfigured MX), started
# now so it has the whole test to fail: it must replicate nothing.
SLAPD_PROVIDER=ldap://$ADDR_c/ SLAPD_TLS_CA_DIR=$DEPLOY_TMP/foreign SLAPD_DEBUG=16384 \
  on m2 "$FIXTURES/slapd.sh" start "$(hdir x)/s" >/dev/null
mx_up m1 ldapi
echo "ok  mx1 up after $(( $(now_ms) - started )) ms"
mx_up m2 starttls
echo "ok  hosts up after $(( $(now_ms) - started )) ms"
# the central umind's identity: its uid over ldapi, mapped by the shipped authz-regexp
run on c "${AS_UMIND[@]}" ldapwhoami -Q -Y EXTERNAL -H "$(envval LDAPI_URI "$(hdir c)/s/env")"
if [ "$OUT" = "dn:cn=umind,ou=system,$BASE" ]; then echo "ok  central: umind's user (uid $UMIND_UID) binds over ldapi as $OUT"
else fail "central: uid $UMIND_UID over ldapi is '$OUT', want cn=umind"; fi
[ "$failures" = 0 ] || exit 1

echo "== accounts at the central host (uminctl), seen by both MXs"
HANA_PW=Hana-General-Pw1 HANA_INDICE=Hana-Indice-Pw1
expect_exit 0 $CTL account create hana-tky --kind personal --password-stdin <<<"$HANA_PW"
expect_exit 0 $CTL passwd hana-tky --indice --now <<<"$HANA_INDICE"
expect_exit 0 $CTL account create jiro-old --kind personal
# The create and the rename may reach the MXs in one sync batch or in two, so
# the live old ID is waited for before the rename: each step has one answer.
both jiro-old@umin.ac.jp "550 5.1.1" "250 <jiro-old@umin.ac.jp>" 5000 "seed"
expect_exit 0 $CTL account rename jiro-old jiro-tky
both jiro-old@umin.ac.jp "250 <jiro-old@umin.ac.jp>" "250 <jiro-tky@umin.ac.jp>" 5000 "seed"
both hana-tky@umin.ac.jp "550 5.1.1" "250 <hana-tky@umin.ac.jp>" 5000 "seed"

echo "== SSO binds to each replica over StartTLS (from the central host's network)"
CA=$DEPLOY_TMP/ca/ca.crt
binds() { tls_client "$CA" ip netns exec "$(ns c)" ldapwhoami -ZZ -x -H "ldap://$1/" -D "uid=hana-tky,ou=$2,$BASE" -w "$3" >/dev/null 2>&1; }
for h in m1 m2; do
  a=$(addr "$h")
  for _ in $(seq 1 50); do binds "$a" indice "$HANA_INDICE" && break; sleep 0.1; done
  for case in "people $HANA_PW 0 general" "indice $HANA_INDICE 0 INDICE" "people wrong-pw 49 general" \
              "indice wrong-pw 49 INDICE"; do
    read -r ou pw want what <<<"$case"
    rc=0; binds "$a" "$ou" "$pw" || rc=$?
    if [ "$rc" = "$want" ]; then echo "ok  $h: $what bind to ldap://$a/ with $([ "$want" = 0 ] && echo the right || echo a wrong) password: exit $rc"
    else fail "$h: $what bind with password '$pw' to ldap://$a/: exit $rc, want $want"; fi
  done
done

echo "== create, rename, delete at the central host: both MXs within 2 s"
expect_exit 0 $CTL account create taro-tky --kind personal
both taro-tky@umin.ac.jp "550 5.1.1" "250 <taro-tky@umin.ac.jp>" 2000 "created"
expect_exit 0 $CTL account rename taro-tky taro-new
both taro-tky@umin.ac.jp "250 <taro-tky@umin.ac.jp>" "250 <taro-new@umin.ac.jp>" 2000 "renamed"
expect_exit 0 $CTL account delete taro-new --reason "deployment test"
both taro-new@umin.ac.jp "250 <taro-new@umin.ac.jp>" "550 5.1.1" 2000 "deleted"
for h in m1 m2; do
  expect_on "$h" taro-new@umin.ac.jp "550 5.1.1"   # deleted
  expect_on "$h" taro-tky@umin.ac.jp "550 5.1.1"   # the old address of a deleted ID
  expect_on "$h" nobody-tky@umin.ac.jp "550 5.1.1"
done

echo "== fault (a): the provider slapd killed"
ppid=$(envval SLAPD_PID "$(hdir c)/s/env")
kill -9 "$ppid"; killed=$(now_ms)
for _ in $(seq 1 100); do alive "$ppid" || break; sleep 0.02; done
for h in m1 m2; do
  expect_on "$h" hana-tky@umin.ac.jp "250 <hana-tky@umin.ac.jp>"
  expect_on "$h" jiro-old@umin.ac.jp "250 <jiro-tky@umin.ac.jp>"
done
both nobody-tky@umin.ac.jp "550 5.1.1" "451 4.3.0" 10000 "provider killed, degraded" "$killed"
for h in m1 m2; do
  expect_on "$h" hana-tky@umin.ac.jp "250 <hana-tky@umin.ac.jp>"
  expect_on "$h" jiro-old@umin.ac.jp "250 <jiro-tky@umin.ac.jp>"
  expect_on "$h" x@umin.ac.jp "550 5.1.3"
done
on c "$FIXTURES/slapd.sh" restart "$(hdir c)/s" >/dev/null
both nobody-tky@umin.ac.jp "451 4.3.0" "550 5.1.1" 30000 "provider restarted, 550 again"

echo "== fault (b): mx1's cable pulled"
link_down m1
t0=$(now_ms)
res=$(wait_on m1 nobody-tky@umin.ac.jp "550 5.1.1" "451 4.3.0" 10000 "$t0") && echo "ok  m1: degraded $res ms after the cut" ||
  fail "m1: not degraded after the cut: $res"
expect_on m2 nobody-tky@umin.ac.jp "550 5.1.1"
expect_exit 0 $CTL account create saburo-tky --kind personal
t0=$(now_ms)
res=$(wait_on m2 saburo-tky@umin.ac.jp "550 5.1.1" "250 <saburo-tky@umin.ac.jp>" 2000 "$t0") &&
  { echo "ok  m2: the new saburo-tky accepted after $res ms"; PROP+=("created(mx1 cut) m2 ${res}ms"); } ||
  fail "m2: the new account: $res"
expect_on m1 saburo-tky@umin.ac.jp "451 4.3.0"   # a new ID never gets 550 from stale data
expect_on m1 hana-tky@umin.ac.jp "250 <hana-tky@umin.ac.jp>"
expect_on m1 jiro-old@umin.ac.jp "250 <jiro-tky@umin.ac.jp>"
link_up m1
t0=$(now_ms)
res=$(wait_on m1 saburo-tky@umin.ac.jp "451 4.3.0" "250 <saburo-tky@umin.ac.jp>" 30000 "$t0") &&
  echo "ok  m1: caught up $res ms after the cable was back" || fail "m1: no catch-up: $res"
res=$(wait_on m1 nobody-tky@umin.ac.jp "451 4.3.0" "550 5.1.1" 10000 "$t0") && echo "ok  m1: unknown IDs 550 again" ||
  fail "m1: unknown IDs: $res"

echo "== fault (c): mx1's umind SIGKILLed, restarted as systemd would"
loads=$(replica_loads m1)
umind_sigkill m1
mx_use m1
expect_tempfail_nothing_lost hana-tky@umin.ac.jp '<\*\* +4[0-9][0-9] 4\.[0-9]+\.[0-9]+'
umind_restart m1
wait_replica_loads m1 $((loads + 1)) && echo "ok  m1: $(grep "replica loaded" "$(hdir m1)/umind.log" | tail -1 | grep -o 'replica loaded.*')"
expect_on m1 hana-tky@umin.ac.jp "250 <hana-tky@umin.ac.jp>"
expect_on m1 jiro-old@umin.ac.jp "250 <jiro-tky@umin.ac.jp>"
expect_on m1 nobody-tky@umin.ac.jp "550 5.1.1"

echo "== TLS: a certificate from another CA is refused"
# (a) the consumer that trusts another CA (started with the hosts) holds nothing
x_log=$(hdir x)/s/slapd.log
if on_replica x "$BASE"; then fail "a consumer trusting another CA replicated the provider"
else echo "ok  a consumer trusting another CA replicated nothing; its slapd.log: $(grep -m1 -o 'slap_client_connect: .*ldap_start_tls failed.*' "$x_log" || echo '(no StartTLS line)')"; fi
# (b) uminctl status and umind on mx2 (ldap://ADDR_m2/ + StartTLS) with an ldap.conf naming another CA
tls_error="StartTLS ldap://$ADDR_m2/: Connect error (-11)"   # all libldap says (-d 1 shows "peer cert untrusted"); umind adds where to look (TLS_CACERT)
FOREIGN_CONF=$(hdir m2)/etc/ldap-foreign.conf
ldap_conf "$FOREIGN_CONF" "$DEPLOY_TMP/foreign/ca.crt"
run mx_ctl m2 status
if [ "$RC" = 0 ] && grep -q "heartbeat" <<<"$OUT"; then echo "ok  m2: uminctl status with the right CA: $(grep -m1 heartbeat <<<"$OUT" | sed 's/^ *//')"
else fail "m2: uminctl status (exit $RC): $OUT"; fi
run mx_ctl m2 "$FOREIGN_CONF" status
if [ "$RC" = 4 ] && grep -qF "$tls_error" <<<"$OUT" && grep -qF "TLS_CACERT" <<<"$OUT"; then echo "ok  m2: uminctl status trusting another CA: exit 4: $OUT"
else fail "m2: uminctl status trusting another CA: exit $RC (want 4 and '$tls_error'): $OUT"; fi
loads=$(replica_loads m2) m2_log=$(hdir m2)/umind.log
umind_stop m2
seen=$(wc -l <"$m2_log")
umind_start m2 "$FOREIGN_CONF"
for _ in $(seq 1 100); do tail -n +"$((seen + 1))" "$m2_log" | grep -qF "$tls_error" && break; sleep 0.05; done
line=$(tail -n +"$((seen + 1))" "$m2_log" | grep -m1 -F "$tls_error" || true)
if [ -n "$line" ] && grep -qF "TLS_CACERT" <<<"$line"; then echo "ok  m2: umind trusting another CA: $line"
else fail "m2: umind trusting another CA did not log '$tls_error' with the TLS_CACERT hint: '$line'"; fi
expect_on m2 hana-tky@umin.ac.jp "451 4.3.0"   # the replica is never loaded: tempfail, never 5xx or accept
expect_on m2 nobody-tky@umin.ac.jp "451 4.3.0"
[ "$(replica_loads m2)" = "$loads" ] || fail "m2: umind loaded a replica while trusting another CA"
umind_stop m2
umind_start m2
wait_replica_loads m2 $((loads + 1))
expect_on m2 hana-tky@umin.ac.jp "250 <hana-tky@umin.ac.jp>"

echo "== propagation (uminctl returned -> the MX answered through Postfix)"
printf '   %s\n' "${PROP[@]}"
ledger_check
echo "== the test took $(( ($(now_ms) - started) / 1000 )) s"
finish
