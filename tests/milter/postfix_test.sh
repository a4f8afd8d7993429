#!/bin/bash
# postfix_test.sh — umind's milter in a real Postfix: a private slapd (its
# own, since the test stops it), a milter-only umind, a private Postfix
# relaying umin.ac.jp to smtp-sink, mail sent with swaks. What arrives at
# the sink (X-Rcpt-Args) and what swaks sees in the SMTP dialogue are checked.
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
if [ "$(id -u)" != 0 ]; then
  echo "SKIP: the Postfix end-to-end test needs root (Postfix runs its daemons as user postfix)"
  exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../fixtures"
. "$here/../lib/assert.sh"
. "$here/milter_lib.sh"
tmp=$(mktemp -d "$fx/pf.XXXXXX")
chmod 755 "$tmp"
cleanup() {
  "$fixtures/postfix.sh" stop "$tmp/p" || true
  milter_stop || true
  "$fixtures/slapd.sh" stop "$tmp/s" || true
  [ "$failures" = 0 ] && rm -rf "$tmp" || echo "kept $tmp for inspection" >&2
}
trap cleanup EXIT

"$fixtures/slapd.sh" start "$tmp/s" >/dev/null
. "$tmp/s/env"
load_routes
# The shipped socket: umind's default path, Postfix's chrooted name for it,
# and the directory's mode, owner and group (umind -> the test user).
src=$(cd "$here/../.." && pwd)
listen=$(sed -n 's/^  listen: \(unix:[^ ]*\).*/\1/p' "$src/conf/umind-mx.yaml")
pf_milter=$(sed -n 's/^smtpd_milters = //p' "$src/conf/postfix-main.cf.snippet")
spool=/var/spool/postfix
[ "$listen" = "unix:$spool${pf_milter#unix:}" ] ||
  fail "umind-mx.yaml listens on '$listen', but the Postfix snippet's chrooted smtpd connects to '$pf_milter'"
sockdir=$(dirname "${listen#unix:}")
read -r _ _ mode owner group _ < <(awk -v d="$sockdir" '$1 == "d" && $2 == d' "$src/systemd/umind.tmpfiles.conf") || true
[ "${mode:-}" = 2750 ] && [ "${owner:-}" = umind ] && [ "${group:-}" = postfix ] ||
  fail "umind.tmpfiles.conf makes $sockdir as '${mode:-} ${owner:-} ${group:-}', want 2750 umind postfix"
queue=$tmp/p/queue
mkdir -p "$queue${sockdir#"$spool"}"
chown "$(id -un):$group" "$queue${sockdir#"$spool"}"; chmod "$mode" "$queue${sockdir#"$spool"}"
sock=$queue${listen#"unix:$spool"}
milter_start "$tmp/m" "unix:$sock"
[ "$(stat -c '%a %G' "$sock")" = "660 postfix" ] ||
  fail "the milter socket is '$(stat -c '%a %G' "$sock")', want '660 postfix'"
connect_as() { runuser -u "$1" -- python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$sock" 2>/dev/null; }
connect_as postfix || fail "user postfix cannot connect to $sock"
! connect_as nobody || fail "user nobody can connect to $sock"
POSTFIX_SMTPD_CHROOT=y "$fixtures/postfix.sh" start "$tmp/p" "$pf_milter"
. "$tmp/p/env"

. "$here/mail_lib.sh"   # send, arrived, expect_delivery, expect_refusal (Postfix env loaded)

expect_delivery kiuchi-tky@umin.ac.jp "<kiuchi-tky@umin.ac.jp>"
expect_delivery old-x@umin.ac.jp "<new-x@umin.ac.jp>"
expect_delivery old-x@umin.ac.jp,new-x@umin.ac.jp "<new-x@umin.ac.jp>"
expect_delivery old-x@umin.ac.jp,twohop-x@umin.ac.jp "<new-x@umin.ac.jp>"
expect_delivery old-x+news@umin.ac.jp "<new-x+news@umin.ac.jp>"
expect_delivery soc-list@umin.ac.jp "<members@lists.example.org>"
expect_delivery postmaster@umin.ac.jp "<postmaster@umin.ac.jp>"
expect_refusal expired-x@umin.ac.jp "550 5.1.1 User unknown"
expect_refusal off-x@umin.ac.jp "550 5.1.1 User unknown"
expect_refusal nobody-x@umin.ac.jp "550 5.1.1 User unknown"
expect_refusal gone-x@umin.ac.jp "550 5.1.1 User unknown"
expect_refusal x@umin.ac.jp "550 5.1.3 Bad recipient address syntax"
expect_refusal loop-a@umin.ac.jp "554 5.4.6 Routing loop detected"
# a refused recipient does not stop the others
expect_delivery nobody-x@umin.ac.jp,kiuchi-tky@umin.ac.jp "<kiuchi-tky@umin.ac.jp>"

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
before=$(ls "$SINK_DIR" | wc -l)
send new-x@umin.ac.jp
grep -qF "451 4.7.1" <<<"$OUT" || { fail "with the milter down, no 451 4.7.1"; echo "$OUT" >&2; }
[ "$RC" != 0 ] || fail "with the milter down, swaks succeeded"
sleep 0.5
[ "$(ls "$SINK_DIR" | wc -l)" = "$before" ] || fail "with the milter down, mail was delivered"
echo "ok  milter down: 451 4.7.1, nothing delivered"
finish
