#!/bin/bash
# postfix_test.sh — umind's milter in a real Postfix: a private slapd (its
# own, since the test stops it), a milter-only umind, a private Postfix
# relaying umin.ac.jp to smtp-sink, mail sent with swaks (and several
# messages in one session with python3's smtplib). What arrives at the sink
# (X-Rcpt-Args) and what swaks sees in the SMTP dialogue are checked.
# The milter socket is set up as shipped (DESIGN §7): umind listens on the
# default milter.listen of conf/umind-mx.yaml moved into this Postfix's queue
# directory, in a directory made as systemd/umind.tmpfiles.conf says, and a
# chrooted smtpd (user postfix) connects with conf/postfix-main.cf.snippet's
# smtpd_milters.
#   postfix_test.sh UMIND FIXTURE_DIR
# Needs root (Postfix's daemons run as user postfix): exits 77 (skipped) and
# says so otherwise. CI runs as root.
set -euo pipefail
UMIND_BIN=$1 fx=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/postfix_lib.sh"
postfix_test_begin "the Postfix end-to-end test" "$fx"

"$fixtures/slapd.sh" start "$tmp/s" >/dev/null
. "$tmp/s/env"
load_routes
# The shipped socket (umind -> the test user), in this Postfix's queue directory.
shipped_milter_socket "$tmp/p/queue" "$(id -un)"
sock=$MILTER_SOCK pf_milter=$PF_MILTER
milter_start "$tmp/m" "unix:$sock"
[ "$(stat -c '%a %G' "$sock")" = "660 postfix" ] ||
  fail "the milter socket is '$(stat -c '%a %G' "$sock")', want '660 postfix'"
connect_as() { runuser -u "$1" -- python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$sock" 2>/dev/null; }
connect_as postfix || fail "user postfix cannot connect to $sock"
! connect_as nobody || fail "user nobody can connect to $sock"
POSTFIX_SMTPD_CHROOT=y "$fixtures/postfix.sh" start "$tmp/p" "$pf_milter"
. "$tmp/p/env"

. "$here/mail_lib.sh"   # send, expect_every_row, expect_delivery, ... (Postfix env loaded)

expect_every_row

# Several transactions in one SMTP session: umind negotiates no MAIL step, so
# a message's state ends at end of data or at the abort Postfix sends after
# RSET; nothing of one message reaches the next (1 and 5 end in RSET).
send_session "old-x@umin.ac.jp/rset" kiuchi-tky@umin.ac.jp soc-list@umin.ac.jp new-x@umin.ac.jp \
             "nobody-x@umin.ac.jp,old-x@umin.ac.jp/rset" kiuchi-tky@umin.ac.jp
[ "$RC" = 0 ] || { fail "the SMTP session failed"; echo "$OUT" >&2; }
session=$LABEL
for n_want in "2 <kiuchi-tky@umin.ac.jp>" "3 <members@lists.example.org>" "4 <new-x@umin.ac.jp>" \
              "6 <kiuchi-tky@umin.ac.jp>"; do
  LABEL="$session-${n_want%% *}"
  expect_arrived "${n_want#* }" "message ${n_want%% *} of one SMTP session"
done

# An account renamed in LDAP (the people entry moved, the old ID an alias):
# mail to the old address is routed to the new ID within 1 s.
t0=$(date +%s%3N)
ldap_root ldapmodify >/dev/null <<LDIF
dn: uid=kiuchi-tky,ou=people,$LDAP_BASE
changetype: modrdn
newrdn: uid=kiuchi-new
deleteoldrdn: 1

dn: uid=kiuchi-tky,ou=aliases,$LDAP_BASE
changetype: add
objectClass: uminAlias
uid: kiuchi-tky
uminAliasOf: kiuchi-new
uminForwardUntil: 20991231000000Z
uminForwardEnabled: TRUE
LDIF
t1=$(date +%s%3N)
sleep 0.2
send kiuchi-tky@umin.ac.jp
t2=$(date +%s%3N)
got=$(arrived)
[ "$got" = "<kiuchi-new@umin.ac.jp>" ] || fail "after the rename, mail to kiuchi-tky arrived for [$got]"
echo "rename in LDAP took $((t1 - t0)) ms; the mail sent $((t2 - t1)) ms later (RCPT within it) went to $got"
[ $((t2 - t1)) -le 1000 ] || fail "the check took longer than 1 s"

# slapd stopped: mail is still routed from the replica
"$fixtures/slapd.sh" stop "$tmp/s"
expect_delivery old-x@umin.ac.jp "<new-x@umin.ac.jp>"
expect_refusal nobody-x@umin.ac.jp "550 5.1.1 User unknown"

# milter stopped: Postfix tempfails (milter_default_action = tempfail), nothing lost
milter_stop
expect_tempfail_nothing_lost new-x@umin.ac.jp "451 4\.7\.1"
finish
