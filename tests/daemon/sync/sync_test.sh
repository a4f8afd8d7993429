#!/usr/bin/env bash
# sync_test.sh — the sync role against a real slapd with umind's schema,
# ACLs and syncprov (DESIGN §5): binds after create, the INDICE password only
# under ou=indice, the password delay (old binds until the time, then only
# the new), rename (entry moved, alias with forward-until a calendar year
# on), merge, delete, lists following renames, grants as uminService;
# reconcile finding, showing and fixing drift, capped by max_delete_fraction.
#   sync_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
. "$HERE/sync_lib.sh"
. "$HERE/../../lib/free_port.sh"
UMIND_METRICS=127.0.0.1:$(free_port)
sync_begin umsync "passwords: {apply: {delay: 2s}}"

# --- create: binds; a wrong password does not ------------------------------------
expect_exit 0 sh -c "echo 'Taro-Passw0rd-1' | $CTL account create taro-tky --kind personal --name 'Kiuchi Taro' --password-stdin"
check_eventually 5 "taro-tky binds after create" binds "$(people taro-tky)" 'Taro-Passw0rd-1'
check_never "a wrong password binds" binds "$(people taro-tky)" 'wrong-password'
[ "$(attr "$(people taro-tky)" mail)" = "taro-tky@umin.ac.jp" ] || fail "mail is $(attr "$(people taro-tky)" mail)"
[ "$(attr "$(people taro-tky)" cn)" = "Kiuchi Taro" ] || fail "cn is $(attr "$(people taro-tky)" cn)"

# --- INDICE: binds only under ou=indice --------------------------------------------
expect_exit 0 sh -c "echo 'Indice-Passw0rd-1' | $CTL passwd taro-tky --indice --now"
check_eventually 5 "the INDICE password binds under ou=indice" binds "$(indice taro-tky)" 'Indice-Passw0rd-1'
check_never "the INDICE password binds under ou=people" binds "$(people taro-tky)" 'Indice-Passw0rd-1'
check_never "the general password binds under ou=indice" binds "$(indice taro-tky)" 'Taro-Passw0rd-1'

# --- the password delay: old until the time, then only the new ---------------------
expect_exit 0 sh -c "echo 'Taro-Passw0rd-2' | $CTL passwd taro-tky"
synced
binds "$(people taro-tky)" 'Taro-Passw0rd-1' || fail "the old password stopped binding before its time"
check_never "the new password binds before its time" binds "$(people taro-tky)" 'Taro-Passw0rd-2'
set_clock "2026-11-25T09:00:03Z"
check_eventually 5 "the new password binds after the delay" binds "$(people taro-tky)" 'Taro-Passw0rd-2'
check_never "the old password still binds after the delay" binds "$(people taro-tky)" 'Taro-Passw0rd-1'
binds "$(indice taro-tky)" 'Indice-Passw0rd-1' || fail "the INDICE password changed with the general one"

# --- grants -------------------------------------------------------------------------
expect_exit 0 $CTL grant taro-tky epoc
expect_exit 0 $CTL grant taro-tky ctr
synced
[ "$(attr "$(people taro-tky)" uminService | tr '\n' ' ')" = "ctr epoc " ] || fail "services: $(attr "$(people taro-tky)" uminService)"
expect_exit 0 $CTL revoke taro-tky ctr
synced
[ "$(attr "$(people taro-tky)" uminService)" = "epoc" ] || fail "after revoke: $(attr "$(people taro-tky)" uminService)"

# --- lists and rename ------------------------------------------------------------------
expect_exit 0 $CTL list create cardio-ml --deliver-to cardio@lists.example.org
expect_exit 0 $CTL list add cardio-ml taro-tky
synced
[ "$(attr "cn=cardio-ml,ou=lists,$BASE" member)" = "$(people taro-tky)" ] || fail "list member: $(attr "cn=cardio-ml,ou=lists,$BASE" member)"
[ "$(attr "cn=cardio-ml,ou=lists,$BASE" uminDeliverTo)" = "cardio@lists.example.org" ] || fail "deliver-to"
set_clock "2026-12-01T10:00:00Z"
expect_exit 0 $CTL account rename taro-tky kiuchi-tky
synced
exists "$(people taro-tky)" && fail "uid=taro-tky is still in ou=people after the rename"
binds "$(people kiuchi-tky)" 'Taro-Passw0rd-2' || fail "the renamed ID does not bind with its password"
binds "$(indice kiuchi-tky)" 'Indice-Passw0rd-1' || fail "the renamed ID's INDICE entry does not bind"
[ "$(attr "$(people kiuchi-tky)" mail)" = "kiuchi-tky@umin.ac.jp" ] || fail "mail after rename: $(attr "$(people kiuchi-tky)" mail)"
[ "$(attr "$(people kiuchi-tky)" uminService)" = "epoc" ] || fail "grants after rename"
alias_dn="uid=taro-tky,ou=aliases,$BASE"
[ "$(attr "$alias_dn" uminAliasOf)" = "kiuchi-tky" ] || fail "alias of: $(attr "$alias_dn" uminAliasOf)"
[ "$(attr "$alias_dn" uminForwardUntil)" = "20271201100000Z" ] || fail "forward until: $(attr "$alias_dn" uminForwardUntil)"
[ "$(attr "$alias_dn" uminForwardEnabled)" = "TRUE" ] || fail "forwarding not on by default"
[ "$(attr "cn=cardio-ml,ou=lists,$BASE" member)" = "$(people kiuchi-tky)" ] || fail "list member after rename: $(attr "cn=cardio-ml,ou=lists,$BASE" member)"
expect_exit 0 $CTL forward kiuchi-tky off
synced
[ "$(attr "$alias_dn" uminForwardEnabled)" = "FALSE" ] || fail "forward off did not reach LDAP"

# --- merge: the duplicate cannot log in and becomes an alias ------------------------------
expect_exit 0 sh -c "echo 'Dup-Passw0rd-1' | $CTL account create kiuchi-osk --kind personal --password-stdin"
expect_exit 0 $CTL grant kiuchi-osk ctr
expect_exit 0 $CTL list add cardio-ml kiuchi-osk
synced
binds "$(people kiuchi-osk)" 'Dup-Passw0rd-1' || fail "the duplicate did not bind before the merge"
expect_exit 0 $CTL account merge kiuchi-osk --into kiuchi-tky
synced
exists "$(people kiuchi-osk)" && fail "the merged duplicate still has a people entry"
check_never "the merged duplicate still binds" binds "$(people kiuchi-osk)" 'Dup-Passw0rd-1'
[ "$(attr "uid=kiuchi-osk,ou=aliases,$BASE" uminAliasOf)" = "kiuchi-tky" ] || fail "no merge alias"
[ "$(attr "uid=kiuchi-osk,ou=aliases,$BASE" uminAliasReason)" = "merge" ] || fail "merge alias reason"
[ "$(attr "$(people kiuchi-tky)" uminService | tr '\n' ' ')" = "ctr epoc " ] || fail "grants not united: $(attr "$(people kiuchi-tky)" uminService)"
[ "$(attr "cn=cardio-ml,ou=lists,$BASE" member)" = "$(people kiuchi-tky)" ] || fail "list after merge: $(attr "cn=cardio-ml,ou=lists,$BASE" member)"

# --- delete: no bind, no entry, gone from lists ---------------------------------------------
expect_exit 0 sh -c "echo 'Hana-Passw0rd-1' | $CTL account create hana-tky --kind personal --password-stdin"
expect_exit 0 $CTL list add cardio-ml hana-tky
synced
binds "$(people hana-tky)" 'Hana-Passw0rd-1' || fail "hana-tky did not bind"
expect_exit 0 $CTL account delete hana-tky --reason "left the field"
synced
exists "$(people hana-tky)" && fail "a deleted ID still has an entry"
check_never "a deleted ID binds" binds "$(people hana-tky)" 'Hana-Passw0rd-1'
[ "$(attr "cn=cardio-ml,ou=lists,$BASE" member)" = "$(people kiuchi-tky)" ] || fail "deleted member still listed"

# --- status: caught up, nothing refused; the watermark is in LDAP ------------------------------
expect_exit 0 $CTL sync status
expect_output "0 behind"
expect_output "0 refused"
expect_exit 0 $CTL status
expect_output "LDAP: connected; LDAP holds journal row"
expect_no_output "milter replica"
# the sync's metrics: writes by operation, refusals, lag, the watermark, pending passwords
curl -fsS "http://$UMIND_METRICS/metrics" >"$tmp/metrics" || fail "no metrics on $UMIND_METRICS"
metric() { awk -v m="$1" '$1 == m { print $2 }' "$tmp/metrics"; }
[ "$(metric 'umind_sync_lag_rows')" = 0 ] || fail "umind_sync_lag_rows $(metric umind_sync_lag_rows)"
[ "$(metric 'umind_sync_applied_seq')" = "$($CTL --json status | sed -n 's/.*"journal_head":\([0-9]*\).*/\1/p')" ] ||
  fail "umind_sync_applied_seq $(metric umind_sync_applied_seq)"
[ "$(metric 'umind_sync_connected')" = 1 ] || fail "umind_sync_connected $(metric umind_sync_connected)"
awk '$1 == "umind_sync_ops_total{op=\"add\"}" && $2 > 0 { ok = 1 } END { exit !ok }' "$tmp/metrics" || fail "no adds counted"
awk '$1 == "umind_sync_ops_total{op=\"rename\"}" && $2 > 0 { ok = 1 } END { exit !ok }' "$tmp/metrics" || fail "no renames counted"
[ "$(metric 'umind_sync_errors_total')" = 0 ] || fail "umind_sync_errors_total $(metric umind_sync_errors_total)"
[ "$(metric 'umind_pending_passwords')" = 0 ] || fail "umind_pending_passwords $(metric umind_pending_passwords)"
head=$($CTL --json status | sed -n 's/.*"journal_head":\([0-9]*\).*/\1/p')
[ "$(attr "cn=umind,ou=system,$BASE" uminSyncSeq)" = "$head" ] || fail "watermark $(attr "cn=umind,ou=system,$BASE" uminSyncSeq), journal head $head"

# --- reconcile: drift is found, shown by --dry-run, fixed; deletes are capped -------------------
root_ldap() { "$@" -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" >/dev/null; }
expect_exit 0 $CTL sync reconcile --dry-run
expect_output "0 to add, 0 to modify, 0 to rename, 0 to delete (dry run"
root_ldap ldapdelete "uid=kiuchi-osk,ou=aliases,$BASE"
key=$(attr "$(people kiuchi-tky)" uminAccountKey)
root_ldap ldapmodify <<LDIF
dn: $(people kiuchi-tky)
changetype: modify
replace: mail
mail: someone-else@example.org
-
replace: uminAccountKey
uminAccountKey:: $(printf ' %s ' "$key" | base64)
LDIF
root_ldap ldapmodify <<LDIF
dn: cn=cardio-ml,ou=lists,$BASE
changetype: modify
replace: uminDeliverTo
uminDeliverTo: elsewhere@example.org
-
add: member
member: $(people hana-tky)

dn: $(indice kiuchi-tky)
changetype: modify
replace: uminKind
uminKind: contractor
LDIF
root_ldap ldapadd <<LDIF
dn: uid=stray-x,ou=people,$BASE
objectClass: inetOrgPerson
uid: stray-x
cn: stray
sn: stray
LDIF
expect_exit 1 $CTL sync reconcile   # 1 delete of ~8 entries is more than 5%
expect_output "reconcile.max_delete"
exists "uid=stray-x,ou=people,$BASE" || fail "a refused reconcile deleted something"
expect_exit 0 $CTL sync reconcile --dry-run --force
expect_output "add uid=kiuchi-osk,ou=aliases,$BASE"
expect_output "modify $(people kiuchi-tky): mail, uminAccountKey"   # the key with a space: still this entry
expect_output "modify cn=cardio-ml,ou=lists,$BASE: uminDeliverTo, member"
expect_output "modify $(indice kiuchi-tky): uminKind"
expect_output "delete uid=stray-x,ou=people,$BASE"
expect_output "1 to add, 3 to modify, 0 to rename, 1 to delete (dry run"
exists "uid=stray-x,ou=people,$BASE" || fail "a dry run deleted something"
expect_exit 0 $CTL sync reconcile --force
expect_output "(written)"
exists "uid=stray-x,ou=people,$BASE" && fail "the stray entry is still there"
[ "$(attr "$(people kiuchi-tky)" mail)" = "kiuchi-tky@umin.ac.jp" ] || fail "mail not restored"
[ "$(attr "$(people kiuchi-tky)" uminAccountKey)" = "$key" ] || fail "account key not restored"
[ "$(attr "uid=kiuchi-osk,ou=aliases,$BASE" uminAliasOf)" = "kiuchi-tky" ] || fail "alias not restored"
[ "$(attr "cn=cardio-ml,ou=lists,$BASE" member)" = "$(people kiuchi-tky)" ] || fail "list members not restored"
[ "$(attr "cn=cardio-ml,ou=lists,$BASE" uminDeliverTo)" = "cardio@lists.example.org" ] || fail "list route not restored"
[ "$(attr "$(indice kiuchi-tky)" uminKind)" != contractor ] || fail "INDICE entry not restored"
binds "$(people kiuchi-tky)" 'Taro-Passw0rd-2' || fail "reconcile broke the password"
expect_exit 0 $CTL sync reconcile --dry-run
expect_output "0 to add, 0 to modify, 0 to rename, 0 to delete (dry run"
# nothing outside the four subtrees is touched
exists "cn=umind,ou=system,$BASE" || fail "reconcile touched ou=system"


# --- a write the directory refuses: reported, the rest goes on, reconcile repairs -----------------
root_ldap ldapadd <<LDIF
dn: uid=zz-tky,ou=people,$BASE
objectClass: inetOrgPerson
uid: zz-tky
cn: squatter
sn: squatter
LDIF
expect_exit 0 sh -c "echo 'Zz-Passw0rd-1' | $CTL account create zz-tky --kind personal --password-stdin"
expect_exit 0 $CTL sync now
expect_output "1 refused"
expect_output "refused: add uid=zz-tky,ou=people,$BASE: Already exists"
expect_exit 0 sh -c "echo 'Yy-Passw0rd-1' | $CTL account create yy-tky --kind personal --password-stdin"
expect_exit 0 $CTL sync now
binds "$(people yy-tky)" 'Yy-Passw0rd-1' || fail "sync stopped after a refused write"
expect_exit 0 $CTL sync reconcile --force
expect_output "(written)"
binds "$(people zz-tky)" 'Zz-Passw0rd-1' || fail "reconcile did not replace the squatting entry"

grep -q "umind-bind-secret\|Passw0rd" "$tmp/umind/umind.log" && fail "a password reached the log"
finish
