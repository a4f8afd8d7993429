#!/bin/bash
# miltertest_test.sh — umind's milter role (milter-only umind bound to a real
# slapd as cn=milter,ou=system) driven by miltertest Lua scripts.
#   miltertest_test.sh SCENARIO UMIND SLAPD_ENV FIXTURE_DIR
# Scenarios (all but load and outage use the shared slapd, loaded once by "load"):
#   load         ldapadd routes.ldif (a CTest fixture setup step)
#   rows         every row of DESIGN §6 at RCPT; exact codes from the log
#   eom          recipient changes at end of message (+detail, dedup, lists);
#                several messages on one connection, ended by EOM or abort
#   unix         the same over a unix: socket; SIGHUP is ignored
#   unavailable  slapd unreachable: 451 4.3.0 before the first load
#   live_change  ldapadd / ldapmodify / ldapdelete routed within 1 s
#   combined     the milter beside the store in one umind; SIGUSR1 reloads mail.*
#   outage       own slapd stopped: routing goes on from the replica; past
#                milter.max_staleness it degrades (held routes still pass,
#                unknown IDs 451 instead of 550); slapd back: a delta resume
set -euo pipefail
scenario=$1 UMIND_BIN=$2 slapd_env=$3 fx=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/assert.sh"
. "$here/milter_lib.sh"
. "$slapd_env"
tmp=$(mktemp -d "$fx/mt-$scenario.XXXXXX")
own_slapd=
cleanup() {
  milter_stop || true
  [ -n "$own_slapd" ] && "$here/../fixtures/slapd.sh" stop "$own_slapd" || true
  [ "$failures" = 0 ] && rm -rf "$tmp" || echo "kept $tmp for inspection" >&2
}
trap cleanup EXIT

lua() {  # SCRIPT [-D name=value ...]
  local script=$1; shift
  run miltertest -D "sock=$SOCK" -D "lib=$here/steps.lua" "$@" -s "$here/$script"
  [ "$RC" = 0 ] || fail "miltertest $script $*: exit $RC"
  echo "$OUT"
}

# poll_until WANT RCPT: milliseconds until the milter gives WANT for RCPT (<= 5 s).
poll_until() {
  local want=$1 rcpt=$2 t0 i
  t0=$(date +%s%3N)
  for i in $(seq 1 250); do
    if miltertest -D "sock=$SOCK" -D "lib=$here/steps.lua" -D "rcpt=$rcpt" -D "want=$want" -s "$here/one.lua" \
         >/dev/null 2>&1; then
      echo $(( $(date +%s%3N) - t0 )); return 0
    fi
    sleep 0.02
  done
  echo 99999
}

within_1s() {  # LABEL MS
  echo "$1: routed after $2 ms"
  [ "$2" -le 1000 ] || fail "$1: the milter needed $2 ms (more than 1 s)"
}

start_inet() {
  local port; port=$(free_port)
  SOCK="inet:$port@127.0.0.1"
  milter_start "$tmp/m" "$SOCK" "$@"
}

case $scenario in
  load)   # fixture setup: the routes of routes.ldif into the shared slapd
    load_routes
    ;;
  rows)
    start_inet
    lua rows.lua
    for line in \
      "'<expired-x@umin.ac.jp>': reject 550 5.1.1 User unknown (old address; its forwarding period has ended)" \
      "'<off-x@umin.ac.jp>': reject 550 5.1.1 User unknown (old address; the holder turned forwarding off)" \
      "'<gone-x@umin.ac.jp>': reject 550 5.1.1 User unknown (old address of an ID that no longer exists)" \
      "'<nobody-x@umin.ac.jp>': reject 550 5.1.1 User unknown (no such ID, alias or list)" \
      "'<x@umin.ac.jp>': reject 550 5.1.3 Bad recipient address syntax" \
      "'<@umin.ac.jp>': reject 550 5.1.3 Bad recipient address syntax" \
      "'<a b@umin.ac.jp>': reject 550 5.1.3 Bad recipient address syntax" \
      "'<loop-a@umin.ac.jp>': reject 554 5.4.6 Routing loop detected" \
      "'<ch1-x@umin.ac.jp>': reject 554 5.4.6 Routing loop detected"; do
      expect_log "$line"
    done
    # rows.lua aborts every message: a kept recipient is logged at end of message only
    grep -q "kiuchi-tky" "$tmp/m/umind.log" && fail "an accepted recipient of an aborted message was logged"
    ;;
  eom)
    start_inet
    lua eom.lua
    expect_log "'<old-x+news@umin.ac.jp>': rewrite to <new-x+news@umin.ac.jp> (old address of 'new-x'"
    expect_log "'<TwoHop-X@umin.ac.jp>': rewrite to <new-x@umin.ac.jp>"
    expect_log "'<soc-list@umin.ac.jp>': rewrite to <members@lists.example.org> (mailing list 'soc-list')"
    # several messages on one connection: only EOM-1 rewrites; a refusal is logged with its queue ID
    expect_log "milter [EOM-1]: '<old-x@umin.ac.jp>': rewrite to <new-x@umin.ac.jp>"
    expect_log "milter [EOM-1]: '<soc-list@umin.ac.jp>': rewrite to <members@lists.example.org>"
    expect_log "milter [ABORT-2]: '<nobody-x@umin.ac.jp>': reject 550 5.1.1"
    [ "$(grep -cF "milter [EOM-1]" "$MILTER_DIR/umind.log")" = 2 ] || fail "EOM-1's rewrites were not logged exactly once"
    # one line per kept recipient at end of message; an aborted message logs only its refusals
    expect_log "milter [EOM-2]: '<kiuchi-tky@umin.ac.jp>': accept (live ID 'kiuchi-tky')"
    expect_log "milter [EOM-3]: '<new-x@umin.ac.jp>': accept (live ID 'new-x')"
    expect_log "milter [ABORT-3]: '<kiuchi-tky@umin.ac.jp>': accept (live ID 'kiuchi-tky')"
    for id in EOM-2 EOM-3 ABORT-3; do
      [ "$(grep -cF "milter [$id]" "$MILTER_DIR/umind.log")" = 1 ] ||
        fail "message $id: not exactly one decision logged (an earlier message's state leaked?)"
    done
    grep -qF "milter [ABORT-1]" "$MILTER_DIR/umind.log" && fail "the aborted message ABORT-1 logged a rewrite"
    ;;
  unix)
    SOCK="unix:$tmp/milter.sock"
    milter_start "$tmp/m" "$SOCK"
    [ "$(stat -c %a "$tmp/milter.sock")" = 660 ] || fail "socket mode is $(stat -c %a "$tmp/milter.sock"), want 660"
    lua rows.lua
    lua eom.lua
    milter_stop
    [ -e "$tmp/milter.sock" ] && fail "the socket file is left after stop"
    # SIGHUP (which libmilter would take as "stop") is caught, logged and ignored
    milter_start "$tmp/m2" "$SOCK"
    kill -HUP "$MILTER_PID"
    sleep 0.3
    kill -0 "$MILTER_PID" 2>/dev/null || fail "SIGHUP stopped umind"
    expect_log "SIGHUP ignored"
    lua rows.lua
    milter_stop
    ;;
  unavailable)
    start_inet "ldap://127.0.0.1:$(free_port)/"
    lua unavailable.lua
    expect_log "'<kiuchi-tky@umin.ac.jp>': tempfail 451 4.3.0 Directory unavailable, try again later"
    grep -q "routing continues" "$tmp/m/umind.log" && fail "claims to route from a replica it never loaded"
    ;;
  live_change)
    start_inet
    ldap_root ldapadd >/dev/null <<LDIF
dn: uid=fresh-old,ou=aliases,$LDAP_BASE
objectClass: uminAlias
uid: fresh-old
uminAliasOf: kiuchi-tky
uminForwardUntil: 20991231000000Z
uminForwardEnabled: TRUE
LDIF
    within_1s "new alias" "$(poll_until continue '<fresh-old@umin.ac.jp>')"
    ldap_root ldapmodify >/dev/null <<LDIF
dn: uid=fresh-old,ou=aliases,$LDAP_BASE
changetype: modify
replace: uminForwardEnabled
uminForwardEnabled: FALSE
LDIF
    within_1s "forwarding off" "$(poll_until replycode '<fresh-old@umin.ac.jp>')"
    ldap_root ldapmodify >/dev/null <<LDIF
dn: uid=fresh-old,ou=aliases,$LDAP_BASE
changetype: modrdn
newrdn: uid=fresh-moved
deleteoldrdn: 1
LDIF
    ldap_root ldapmodify >/dev/null <<LDIF
dn: uid=fresh-moved,ou=aliases,$LDAP_BASE
changetype: modify
replace: uminForwardEnabled
uminForwardEnabled: TRUE
LDIF
    within_1s "modrdn" "$(poll_until continue '<fresh-moved@umin.ac.jp>')"
    lua one.lua -D "rcpt=<fresh-old@umin.ac.jp>" -D want=replycode >/dev/null
    ldap_root ldapdelete "uid=fresh-moved,ou=aliases,$LDAP_BASE"
    within_1s "delete" "$(poll_until replycode '<fresh-moved@umin.ac.jp>')"
    ;;
  combined)
    MILTER_ROLES='store, milter' start_inet
    lua rows.lua
    expect_log "'<expired-x@umin.ac.jp>': reject 550 5.1.1 User unknown"
    sed -i 's/^mail: {.*}/mail: {expired_alias_reply: moved_to}/' "$tmp/m/umind.yaml"
    kill -USR1 "$MILTER_PID"
    for _ in $(seq 1 100); do grep -q "configuration reloaded" "$tmp/m/umind.log" && break; sleep 0.05; done
    lua one.lua -D "rcpt=<expired-x@umin.ac.jp>" -D want=replycode >/dev/null
    expect_log "'<expired-x@umin.ac.jp>': reject 550 5.1.6 User has moved to <new-x@umin.ac.jp>"
    ;;
  outage)
    own_slapd="$tmp/s"
    "$here/../fixtures/slapd.sh" start "$own_slapd" >/dev/null
    . "$own_slapd/env"
    load_routes
    MILTER_MAX_STALENESS=3s start_inet
    expect_answer continue '<old-x@umin.ac.jp>'
    expect_answer "550 5.1.1" '<nobody-x@umin.ac.jp>'
    "$here/../fixtures/slapd.sh" stop "$own_slapd"
    expect_answer continue '<old-x@umin.ac.jp>'
    expect_log "routing continues from the replica"
    ms=$(wait_answer "451 4.3.0" '<nobody-x@umin.ac.jp>' 8)
    echo "stale after $ms ms"
    [ "$ms" -ge 1500 ] && [ "$ms" -le 6000 ] || fail "max_staleness 3s: degraded after $ms ms"
    expect_answer continue '<old-x@umin.ac.jp>'      # held routes keep working
    expect_answer continue '<kiuchi-tky@umin.ac.jp>'
    expect_answer "550 5.1.3" '<x@umin.ac.jp>'     # syntax stays permanent
    "$here/../fixtures/slapd.sh" restart "$own_slapd" >/dev/null
    ms=$(wait_answer "550 5.1.1" '<nobody-x@umin.ac.jp>' 40)
    echo "unknown IDs refused again $ms ms after slapd came back"
    expect_log "replica resumed"
    ;;
  *) echo "unknown scenario $scenario" >&2; exit 2;;
esac
milter_stop
finish
