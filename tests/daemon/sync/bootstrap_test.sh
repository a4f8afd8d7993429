#!/usr/bin/env bash
# bootstrap_test.sh — offline bootstrap (DESIGN §2 export-ldif): a store with
# accounts, renames, lists and grants is exported as LDIF, loaded with
# `slapadd -q` into an empty directory, and the online sync then continues
# from the exported watermark (no replay of what the LDIF holds) and applies
# later changes. `uminctl login-test` binds like an SSO service.
#   bootstrap_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
. "$HERE/sync_lib.sh"
sync_tmp umboot

# a store without any directory
umind_start "$tmp/umind"
expect_exit 0 sh -c "echo 'Taro-Passw0rd-1' | $CTL account create taro-tky --kind personal --name 'Kiuchi Taro' --password-stdin"
expect_exit 0 sh -c "echo 'Indice-Passw0rd-1' | $CTL passwd taro-tky --indice --now"
expect_exit 0 $CTL grant taro-tky epoc
expect_exit 0 sh -c "echo 'Hana-Passw0rd-1' | $CTL account create hana-tky --kind personal --password-stdin"
expect_exit 0 $CTL account rename hana-tky hanako-tky
expect_exit 0 $CTL list create cardio-ml --deliver-to cardio@lists.example.org
expect_exit 0 $CTL list add cardio-ml hanako-tky
awk 'BEGIN { h = "{CRYPT}$6$abcdefghijklmnop$zvvUv7Yhc.GWQAMkELZWMo0deEfHPxsp3ZZaXilVHo4h9R59DVwxQO5xS.TrA3vS4wBvN48kLpld32R1F5j4X."
  print "id,kind,password_hash"; for (i = 1; i <= 500; i++) printf "bulk%04d-tky,personal,%s\n", i, h }' >"$tmp/bulk.csv"
expect_exit 0 $CTL import "$tmp/bulk.csv"
head=$($CTL --json status | sed -n 's/.*"journal_head":\([0-9]*\).*/\1/p')

expect_exit 0 $CTL export-ldif --out "$tmp/tree.ldif"
expect_output "bytes of LDIF to $tmp/tree.ldif"
[ "$(stat -c %a "$tmp/tree.ldif")" = 600 ] || fail "the LDIF (it holds hashes) is mode $(stat -c %a "$tmp/tree.ldif")"
grep -q "^uminSyncSeq: $head\$" "$tmp/tree.ldif" || fail "the LDIF's watermark is not the journal head $head"
[ "$(grep -c '^dn: uid=.*,ou=people,' "$tmp/tree.ldif")" = 502 ] || fail "people entries: $(grep -c '^dn: uid=.*,ou=people,' "$tmp/tree.ldif")"
expect_exit 0 $CTL export-ldif   # to stdout
expect_output "dn: uid=taro-tky,ou=people,dc=umin,dc=ac,dc=jp"
umind_stop

# an empty directory built offline from the LDIF (the fixture uses slapadd -q)
UMIN_BASE_LDIF="$tmp/tree.ldif" sync_slapd
binds "$(people taro-tky)" 'Taro-Passw0rd-1' || fail "taro-tky does not bind after slapadd"
[ "$(attr "cn=cardio-ml,ou=lists,$BASE" member)" = "$(people hanako-tky)" ] || fail "list after slapadd"

# the online sync continues from the exported watermark
sync_start_umind
expect_exit 0 $CTL sync now
expect_output "0 refused"
grep -q "resuming after journal row $head" "$tmp/umind/umind.log" || fail "sync did not resume at $head: $(grep resuming "$tmp/umind/umind.log")"
grep -q "sync: journal rows" "$tmp/umind/umind.log" && fail "sync replayed rows the LDIF already held"
expect_exit 0 $CTL account rename taro-tky kiuchi-tky
expect_exit 0 $CTL sync now
binds "$(people kiuchi-tky)" 'Taro-Passw0rd-1' || fail "the rename after bootstrap did not reach LDAP"
expect_exit 0 $CTL sync reconcile --dry-run
expect_output "0 to add, 0 to modify, 0 to rename, 0 to delete"

# login-test: a real bind as the user, then the services
expect_exit 0 sh -c "echo 'Taro-Passw0rd-1' | $CTL login-test kiuchi-tky"
expect_output "OK: kiuchi-tky binds with its general password"
expect_output "granted services: epoc"
expect_exit 1 sh -c "echo 'wrong-password' | $CTL login-test kiuchi-tky"
expect_output "FAIL: kiuchi-tky does not bind"
expect_exit 0 sh -c "echo 'Indice-Passw0rd-1' | $CTL login-test kiuchi-tky --indice"
expect_output "OK: kiuchi-tky binds with its indice password"
expect_exit 1 sh -c "echo 'Taro-Passw0rd-1' | $CTL login-test kiuchi-tky --indice"
expect_exit 1 sh -c "echo 'Taro-Passw0rd-1' | $CTL login-test taro-tky"   # the old ID logs in no more
expect_exit 0 sh -c "echo 'Taro-Passw0rd-1' | $CTL --json login-test kiuchi-tky"
expect_output '"ok":true'
expect_exit 2 sh -c "echo 'x' | $CTL login-test 'a b'"
"$SLAPD_FIXTURE" stop "$tmp/ldap" >/dev/null
expect_exit 4 sh -c "echo 'Taro-Passw0rd-1' | $CTL login-test kiuchi-tky"
finish
