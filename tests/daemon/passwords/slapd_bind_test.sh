#!/bin/bash
# tests/daemon/passwords/slapd_bind_test.sh — proves a real slapd verifies
# every userPassword form umind writes: one ou=people entry per scheme
# (sha512crypt, argon2id, ssha512) with a hash from passwords_hash_tool, then
# ldapwhoami binds with the right password (must succeed) and wrong ones
# (must fail with 49). Uses only its own temp dir and private slapd, both
# removed on any exit.
#
#   slapd_bind_test.sh HASH_TOOL FIXTURE_SLAPD_SH
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../lib/assert.sh
. "$here/../../lib/assert.sh"

[ $# -eq 2 ] || { echo "usage: $0 HASH_TOOL FIXTURE_SLAPD_SH" >&2; exit 2; }
tool=$1 fixture=$2

dir=$(mktemp -d /tmp/pw.XXXXXX)
chmod 755 "$dir"
cleanup() {
  "$fixture" stop "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP   # run the EXIT trap on signals too

"$fixture" start "$dir" >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; exit 1; }
# shellcheck disable=SC1091
. "$dir/env"

declare -A prefix=([sha512crypt]='{CRYPT}$6$' [argon2id]='{ARGON2}$argon2id$v=19$m=65536,t=3,p=1$'
                   [ssha512]='{SSHA512}')

for scheme in sha512crypt argon2id ssha512; do
  before=$failures
  uid="pw-$scheme"
  dn="uid=$uid,ou=people,$LDAP_BASE"
  pw="Tky-${scheme}!9#x"
  hash=$(printf '%s\n' "$pw" | "$tool" "$scheme")
  case $hash in
    "${prefix[$scheme]}"*) ;;
    *) echo "FAIL: $scheme: hash_tool output does not start with ${prefix[$scheme]}" >&2
       failures=$((failures + 1)); continue;;
  esac

  expect_exit 0 ldapadd -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" <<LDIF
dn: $dn
objectClass: inetOrgPerson
uid: $uid
cn: $uid
sn: test
userPassword: $hash
LDIF

  # slapd stores the value as given (no re-hashing on add)
  run ldapsearch -LLL -o ldif-wrap=no -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" \
      -b "$dn" -s base userPassword
  stored=$(sed -n 's/^userPassword:: //p' <<<"$OUT" | base64 -d)
  if [ "$stored" != "$hash" ]; then
    echo "FAIL: $scheme: slapd did not keep the userPassword as written" >&2
    failures=$((failures + 1))
  fi

  expect_exit 0 ldapwhoami -x -H "$LDAP_URI" -D "$dn" -w "$pw"
  expect_output "dn:$dn"
  expect_exit 49 ldapwhoami -x -H "$LDAP_URI" -D "$dn" -w "${pw}x"
  expect_exit 49 ldapwhoami -x -H "$LDAP_URI" -D "$dn" -w "${pw%?}"
  expect_exit 49 ldapwhoami -x -H "$LDAP_URI" -D "$dn" -w "tky-${scheme}!9#x"
  if [ "$failures" -eq "$before" ]; then
    echo "ok   $scheme: slapd binds with the right password, refuses wrong ones"
  fi
done

finish
