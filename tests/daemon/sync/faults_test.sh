#!/usr/bin/env bash
# faults_test.sh — sync under faults: slapd SIGKILLed in the middle of a
# large initial sync and restarted, then umind SIGKILLed in the middle of
# the next one and restarted. Each time everything converges: the
# watermark reaches the journal head, no write is refused (nothing applied
# twice: a replayed add would be refused as "already exists"), and a full
# reconcile finds no difference. Then a directory that refuses umind's writes
# (an ACL taken away): nothing is skipped, everything lands once it is back.
# Last, SIGTERM while `sync now` waits for a dead directory stops umind at once.
# (SIGPIPE, which a write to a slapd that just died raises, is ignored.)
#   faults_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
. "$HERE/sync_lib.sh"
sync_begin umfault "sync: {batch_size: 500}"
lines=6000

gen() {   # gen PREFIX: LINES accounts, every 10th with an old ID
  awk -v n=$lines -v p="$1" 'BEGIN {
    h = "{CRYPT}$6$abcdefghijklmnop$zvvUv7Yhc.GWQAMkELZWMo0deEfHPxsp3ZZaXilVHo4h9R59DVwxQO5xS.TrA3vS4wBvN48kLpld32R1F5j4X."
    print "id,kind,name,password_hash,services,renamed_from"
    for (i = 1; i <= n; i++) {
      old = i % 10 == 0 ? sprintf("%s%05d-old@2026-05-01T00:00:00Z@on", p, i) : ""
      printf "%s%05d-tky,personal,Name %d,%s,epoc,%s\n", p, i, i, h, old
    }
  }'
}
applied() { $CTL --json sync status | sed -n 's/.*"applied_seq":\([0-9]*\).*/\1/p'; }
count() { ldapsearch -x -LLL -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" -b "ou=$1,$BASE" -s one "$2" dn | grep -c '^dn:' || true; }
converged() {   # converged WHAT EXPECTED_PEOPLE
  expect_exit 0 $CTL sync now
  expect_output "0 behind"
  expect_output "0 refused"
  expect_exit 0 $CTL sync reconcile --dry-run
  expect_output "0 to add, 0 to modify, 0 to rename, 0 to delete"
  [ "$(count people '(objectClass=inetOrgPerson)')" = "$2" ] || fail "$1: $(count people '(objectClass=inetOrgPerson)') people entries, expected $2"
}

# 0. libldap writes with write(2): a slapd killed mid-write raises SIGPIPE in umind
kill -PIPE "$UMIND_PID"
sleep 0.2
kill -0 "$UMIND_PID" 2>/dev/null || fail "SIGPIPE ended umind"

# 1. slapd dies in the middle of the initial sync, and comes back
gen fa >"$tmp/fa.csv"
expect_exit 0 $CTL import "$tmp/fa.csv"
eventually 30 sh -c "[ \"\$($CTL --json sync status | sed -n 's/.*\"applied_seq\":\([0-9]*\).*/\1/p')\" -gt 0 ]" ||
  fail "sync did not start"
kill -9 "$SLAPD_PID"
[ "$(applied)" -lt "$lines" ] || echo "note: the sync had finished before slapd was killed" >&2
check_eventually 10 "sync noticed the dead directory" sh -c "$CTL sync status | grep -q 'NOT connected'"
"$SLAPD_FIXTURE" restart "$tmp/ldap" >/dev/null
. "$tmp/ldap/env"
converged "after the slapd restart" "$lines"

# 2. umind dies in the middle of the next batch run, and comes back
gen fb >"$tmp/fb.csv"
expect_exit 0 $CTL import "$tmp/fb.csv"
before=$(applied)
eventually 30 sh -c "[ \"\$($CTL --json sync status | sed -n 's/.*\"applied_seq\":\([0-9]*\).*/\1/p')\" -gt $before ]" ||
  fail "sync of the second import did not start"
umind_kill
kill -0 "$SLAPD_PID" 2>/dev/null || fail "slapd died when umind was killed"
sync_start_umind
converged "after the umind restart" $((2 * lines))
resumed=$(grep -o "resuming after journal row [0-9]*" "$tmp/umind/umind.log" | tail -1 | grep -o '[0-9]*$')
[ "$resumed" -gt "$before" ] || fail "umind did not resume from the watermark: $(grep 'resuming' "$tmp/umind/umind.log")"
[ "$(count aliases '(uminAliasOf=*)')" = $((2 * lines / 10)) ] || fail "aliases: $(count aliases '(uminAliasOf=*)')"
binds "$(people fb00001-tky)" 'anything' && fail "an imported hash of an unknown password binds"

# 3. a directory that refuses umind's writes for a reason that is not about
#    the entry (an ACL taken away: "insufficient access"): nothing is skipped
#    as refused, the watermark stays, and it all lands once the ACL is back
before=$(applied)
# (the fixture's slapd.conf includes shipped.conf, its filled slapd-provider.conf)
sed -i "s|^include  *.*acl.conf\$|access to dn.subtree=\"ou=people,$BASE\" by * read\n&|" "$tmp/ldap/shipped.conf"
grep -q '^access to dn.subtree="ou=people' "$tmp/ldap/shipped.conf" || fail "could not take the ACL away"
"$SLAPD_FIXTURE" restart "$tmp/ldap" >/dev/null
. "$tmp/ldap/env"
# (umind, idle, still holds the connection the restart cut: a reconcile reconnects)
expect_exit 0 $CTL sync reconcile --dry-run
expect_output "0 to add, 0 to modify, 0 to rename, 0 to delete"
expect_exit 0 sh -c "echo 'Ro-Passw0rd-1' | $CTL account create ro-tky --kind personal --password-stdin"
check_eventually 15 "sync reports the refused access" sh -c "$CTL sync status | grep -qi 'insufficient access'"
expect_exit 0 $CTL sync status
expect_output "0 refused"
[ "$(applied)" = "$before" ] || fail "the watermark moved from $before to $(applied) past writes the directory did not take"
sed -i '/^access to dn.subtree="ou=people/d' "$tmp/ldap/shipped.conf"
"$SLAPD_FIXTURE" restart "$tmp/ldap" >/dev/null
. "$tmp/ldap/env"
converged "after the ACL came back" $((2 * lines + 1))
binds "$(people ro-tky)" 'Ro-Passw0rd-1' || fail "the account made while the ACL was missing does not bind"

# 4. SIGTERM while `sync now` waits for a dead directory: umind stops at once
#    (the waiting request answers "unavailable"), exit 0
"$SLAPD_FIXTURE" stop "$tmp/ldap" >/dev/null
expect_exit 0 sh -c "echo 'St-Passw0rd-1' | $CTL account create st-tky --kind personal --password-stdin"
$CTL sync now >"$tmp/now.out" 2>&1 &
now_pid=$!
sleep 0.5
umind_stop || fail "umind did not stop within 5 s of SIGTERM while a sync now waited"
wait "$now_pid" && fail "sync now said caught up with the directory down: $(cat "$tmp/now.out")"
finish
