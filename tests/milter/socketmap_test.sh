#!/bin/bash
# socketmap_test.sh — DESIGN §6a in a real Postfix: umind's socketmap (unix
# socket) hooked in with the socketmap lines of conf/postfix-main.cf.snippet
# (read from the shipped file, only the socket's path replaced), a private
# slapd, Postfix relaying umin.ac.jp to smtp-sink, mail sent with swaks. Every
# §6 row: not loaded (451), the rows of a loaded replica, and a stale one
# (slapd stopped, milter.max_staleness 3s), and umind stopped (4xx). The
# protocol's edges: what Postfix's own client (postmap -q) gets, and
# socketmap_probe.py for framing, pipelining and many connections.
#   socketmap_test.sh UMIND FIXTURE_DIR
# Needs root (Postfix): exits 77 (skipped) and says so otherwise.
set -euo pipefail
UMIND_BIN=$1 fx=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/postfix_lib.sh"
postfix_test_begin "the socketmap end-to-end test" "$fx"

sock=$tmp/socketmap.sock
export MILTER_SOCKETMAP="unix:$sock" MILTER_MAX_STALENESS=3s MILTER_METRICS=127.0.0.1:$(free_port)
# umind makes the socket 0660; Postfix's user must be in its group.
start_umind() {  # DIR [URI]
  milter_start "$1" "inet:$(free_port)@127.0.0.1" "${2:-$LDAP_URI}"
  local i; for i in $(seq 1 100); do [ -S "$sock" ] && break; sleep 0.05; done
  chgrp postfix "$sock"
}
# The socketmap hook-up of the shipped snippet: its "#name = value" lines.
hookup=$(socketmap_hookup "$sock")
grep -q "check_recipient_access socketmap:unix:$sock:access" <<<"$hookup" || fail "the snippet has no access hook-up"
grep -q "virtual_alias_maps = socketmap:unix:$sock:route" <<<"$hookup" || fail "the snippet has no route hook-up"
echo "Postfix hook-up from the snippet:"; echo "$hookup"

"$fixtures/slapd.sh" start "$tmp/s" >/dev/null
. "$tmp/s/env"
load_routes
POSTFIX_EXTRA=$hookup "$fixtures/postfix.sh" start "$tmp/p" ""
. "$tmp/p/env"
. "$here/mail_lib.sh"
lookup() {  # KEY MAP: Postfix's own socketmap client; prints the value or "(notfound)", exit in $RC
  run postmap -c "$MAIL_CONFIG" -q "$1" "socketmap:unix:$sock:$2"
  [ "$RC" = 1 ] && [ -z "$OUT" ] && OUT="(notfound)"
  echo "$OUT"
}
expect_lookup() {  # KEY MAP WANT
  local got; got=$(lookup "$1" "$2")
  [ "$got" = "$3" ] || fail "postmap -q $1 ...:$2 gave [$got], want [$3]"
  echo "ok  postmap -q $1 :$2 -> $got"
}

# Replica not loaded (slapd unreachable): 451 for our domains, others pass.
start_umind "$tmp/m0" "ldap://127.0.0.1:$(free_port)"
expect_refusal kiuchi-tky@umin.ac.jp "451 4.3.0 Directory unavailable, try again later"
expect_refusal nobody-x@umin.ac.jp "451 4.3.0 Directory unavailable, try again later"
expect_delivery postmaster@umin.ac.jp "<postmaster@umin.ac.jp>"
expect_delivery someone@example.org "<someone@example.org>"
run postmap -c "$MAIL_CONFIG" -q old-x@umin.ac.jp "socketmap:unix:$sock:route"
[ "$RC" != 0 ] || fail "route lookup without a replica succeeded: $OUT"
milter_stop

# The replica loaded: every §6 row.
start_umind "$tmp/m"
expect_every_row
expect_log "milter socketmap: 'nobody-x@umin.ac.jp': reject 550 5.1.1 User unknown"
expect_log "milter socketmap: 'old-x@umin.ac.jp': rewrite to <new-x@umin.ac.jp>"
expect_log "milter socketmap: 'kiuchi-tky@umin.ac.jp': accept (live ID 'kiuchi-tky')"
# one line per recipient decision: Postfix's partial keys (the domain, "user@") are not decisions
grep -qE "milter socketmap: '(umin\.ac\.jp|kiuchi-tky@)'" "$MILTER_DIR/umind.log" && fail "a partial key was logged as a decision"

# The protocol as Postfix's client sees it.
expect_lookup nobody-x@umin.ac.jp access "550 5.1.1 User unknown"
expect_lookup NOBODY-X@UMIN.AC.JP access "550 5.1.1 User unknown"
expect_lookup kiuchi-tky@umin.ac.jp access "(notfound)"
expect_lookup umin.ac.jp access "(notfound)"
expect_lookup kiuchi-tky@ access "(notfound)"
expect_lookup someone@example.org access "(notfound)"
expect_lookup twohop-x@umin.ac.jp route "new-x@umin.ac.jp"
expect_lookup new-x@umin.ac.jp route "(notfound)"
expect_lookup @umin.ac.jp route "(notfound)"
expect_lookup nobody-x@umin.ac.jp route "(notfound)"
run postmap -c "$MAIL_CONFIG" -q old-x@umin.ac.jp "socketmap:unix:$sock:virtual"
[ "$RC" != 0 ] || fail "an unknown map name was answered: $OUT"
grep -q "unknown map name" <<<"$OUT" || fail "postmap does not show the PERM reason: $OUT"
echo "ok  unknown map name -> PERM ($(tail -1 <<<"$OUT"))"
python3 "$here/socketmap_probe.py" "unix:$sock" || fail "socketmap_probe.py"
# The milter's metrics count the socketmap's decisions.
scrape=$(curl -s "http://$MILTER_METRICS/metrics")
for m in 'umind_milter_decisions_total{case="unknown"} [1-9]' 'umind_milter_decisions_total{case="forward"} [1-9]' \
         'umind_milter_decision_seconds_count [1-9]' 'umind_milter_socketmap_connections [0-9]'; do
  grep -q "^$m" <<<"$scrape" || fail "metrics lack $m"
done

# Stale (slapd stopped, max_staleness 3s): degrade per §6.
"$fixtures/slapd.sh" stop "$tmp/s"
for i in $(seq 1 100); do
  [ "$(lookup nobody-x@umin.ac.jp access)" = "451 4.3.0 Directory may be out of date, try again later" ] && break
  sleep 0.1
done
expect_refusal nobody-x@umin.ac.jp "451 4.3.0 Directory may be out of date, try again later"
expect_refusal expired-x@umin.ac.jp "451 4.3.0 Directory may be out of date, try again later"
expect_refusal off-x@umin.ac.jp "451 4.3.0 Directory may be out of date, try again later"
expect_refusal x@umin.ac.jp "550 5.1.3 Bad recipient address syntax"
expect_refusal loop-a@umin.ac.jp "554 5.4.6 Routing loop detected"
expect_delivery kiuchi-tky@umin.ac.jp "<kiuchi-tky@umin.ac.jp>"
expect_delivery old-x+news@umin.ac.jp "<new-x+news@umin.ac.jp>"
expect_delivery soc-list@umin.ac.jp "<members@lists.example.org>"

# umind stopped: the access lookup fails and Postfix tempfails, nothing is lost.
milter_stop
expect_tempfail_nothing_lost kiuchi-tky@umin.ac.jp "<\*\* 4[0-9][0-9] [0-9.]+"
finish
