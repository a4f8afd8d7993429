#!/usr/bin/env bash
# dovecot_test.sh — a real SSO-style client (issue 5): private Dovecot auth
# instances (tests/fixtures/dovecot.sh, passdb ldap with auth_bind = yes and
# auth_bind_userdn, no search, no service account) authenticate the users
# umind syncs into a private slapd. One instance binds under ou=people (mail
# and general SSO: the general password), one under ou=indice (the INDICE
# password only). Checked through `doveadm auth test`: right and wrong
# passwords, the password delay (the old password until the time, then only
# the new), a deleted ID, a renamed ID (the new ID only).
#   dovecot_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
. "$HERE/sync_lib.sh"
DOVECOT_FIXTURE=$(cd "$HERE/../../fixtures" && pwd)/dovecot.sh
sync_begin umdove "passwords: {apply: {delay: 2s}}"

# The Dovecot instances stop first, then what sync_begin's EXIT trap stops
# (run without errexit, with the script's exit status in $? again).
dovecot_cleanup() {   # dovecot_cleanup EXIT_STATUS
  local d
  for d in "$tmp/dvp" "$tmp/dvi"; do
    if [ "$1" != 0 ] || [ "${failures:-0}" != 0 ]; then
      echo "--- ${d##*/}/dovecot.log (last 15 lines)" >&2
      tail -n 15 "$d/dovecot.log" >&2 2>/dev/null || true
    fi
    "$DOVECOT_FIXTURE" stop "$d" >/dev/null 2>&1 || true
  done
}
eval "set -- $(trap -p EXIT)"   # trap -- 'BODY' EXIT
# shellcheck disable=SC2064  # BODY is pasted in now, on purpose
trap "rc=\$?; set +e; dovecot_cleanup \$rc; (exit \$rc); $3" EXIT
"$DOVECOT_FIXTURE" start "$tmp/dvp" "$LDAP_URI" "uid=%u,ou=people,$BASE" >/dev/null
"$DOVECOT_FIXTURE" start "$tmp/dvi" "$LDAP_URI" "uid=%u,ou=indice,$BASE" >/dev/null

# accepted|refused INSTANCE ID PASSWORD: Dovecot's verdict (doveadm auth test:
# exit 0 = succeeded, 77 = failed; anything else is an error, not a refusal)
accepted() {
  expect_exit 0 "$DOVECOT_FIXTURE" auth "$tmp/$1" "$2" "$3"
  expect_output "passdb: $2 auth succeeded"
}
refused() {
  expect_exit 77 "$DOVECOT_FIXTURE" auth "$tmp/$1" "$2" "$3"
  expect_output "passdb: $2 auth failed"
}
# for check_eventually: CMD succeeds when Dovecot accepts
dv_auth() { "$DOVECOT_FIXTURE" auth "$tmp/$1" "$2" "$3" >/dev/null 2>&1; }

# --- create: the right password authenticates, a wrong one does not ------------------
expect_exit 0 sh -c "echo 'Taro-Passw0rd-1' | $CTL account create taro-tky --kind personal --name 'Kiuchi Taro' --password-stdin"
check_eventually 5 "Dovecot authenticates taro-tky after create" dv_auth dvp taro-tky 'Taro-Passw0rd-1'
accepted dvp taro-tky 'Taro-Passw0rd-1'
refused dvp taro-tky 'wrong-password'
refused dvp no-such-tky 'Taro-Passw0rd-1'
refused dvi taro-tky 'Taro-Passw0rd-1'   # no INDICE password yet

# --- INDICE: only under ou=indice, and only the INDICE password --------------------------
expect_exit 0 sh -c "echo 'Indice-Passw0rd-1' | $CTL passwd taro-tky --indice --now"
synced
accepted dvi taro-tky 'Indice-Passw0rd-1'
refused dvp taro-tky 'Indice-Passw0rd-1'
refused dvi taro-tky 'Taro-Passw0rd-1'

# --- the password delay: the old one right after the change, the new one after ------------
expect_exit 0 sh -c "echo 'Taro-Passw0rd-2' | $CTL passwd taro-tky"
synced
accepted dvp taro-tky 'Taro-Passw0rd-1'
refused dvp taro-tky 'Taro-Passw0rd-2'
set_clock "2026-11-25T09:00:03Z"   # past the 2 s delay on umind's clock
check_eventually 5 "Dovecot accepts the new password after the delay" dv_auth dvp taro-tky 'Taro-Passw0rd-2'
refused dvp taro-tky 'Taro-Passw0rd-1'
accepted dvi taro-tky 'Indice-Passw0rd-1'   # INDICE unchanged

# --- rename: the new ID authenticates, the old one no longer -----------------------------
set_clock "2026-12-01T10:00:00Z"
expect_exit 0 $CTL account rename taro-tky kiuchi-tky
synced
accepted dvp kiuchi-tky 'Taro-Passw0rd-2'
refused dvp taro-tky 'Taro-Passw0rd-2'
accepted dvi kiuchi-tky 'Indice-Passw0rd-1'
refused dvi taro-tky 'Indice-Passw0rd-1'

# --- delete: a deleted ID no longer authenticates -----------------------------------------
expect_exit 0 sh -c "echo 'Hana-Passw0rd-1' | $CTL account create hana-tky --kind personal --password-stdin"
synced
accepted dvp hana-tky 'Hana-Passw0rd-1'
expect_exit 0 $CTL account delete hana-tky --reason "left the field"
synced
refused dvp hana-tky 'Hana-Passw0rd-1'
accepted dvp kiuchi-tky 'Taro-Passw0rd-2'   # the others are untouched

# Dovecot really asked slapd (a bind, no search), and logged no password
grep -q "Password mismatch (for LDAP bind)" "$tmp/dvp/dovecot.log" || fail "Dovecot did not log an LDAP bind refusal"
grep -q "Passw0rd" "$tmp/dvp/dovecot.log" "$tmp/dvi/dovecot.log" && fail "a password reached Dovecot's log"
grep -q "Passw0rd" "$tmp/umind/umind.log" && fail "a password reached umind's log"
finish
