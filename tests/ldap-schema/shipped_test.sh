#!/bin/bash
# tests/ldap-schema/shipped_test.sh — the shipped slapd configuration
# (ldap-schema/slapd-provider.conf, slapd-consumer.conf, provider.ldif,
# consumer.ldif, fill.sh; README "Shipped slapd configuration").
#
#   shipped_test.sh same            # each .conf and its .ldif give the same
#                                   # cn=config (slaptest -f vs slapadd -n0 +
#                                   # slapmodify acl.ldif); every attribute
#                                   # umind's searches filter on has an eq
#                                   # index; fill.sh refuses unfilled files
#   shipped_test.sh replica conf|ldif
#                                   # a provider and a consumer from the
#                                   # shipped files (tests/fixtures/slapd.sh,
#                                   # SLAPD_CONFIG): syncrepl over StartTLS as
#                                   # cn=replicator, a change replicated
#                                   # within 2 s, binds and ACLs on the
#                                   # replica, a consumer trusting another CA
#                                   # replicates nothing
# Prints "ok"/"FAIL" per check, exits 1 if any failed. Writes only below its
# own temp dir (removed on exit); every wait is bounded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SCHEMA_DIR=$(cd "${UMIN_SCHEMA_DIR:-$here/../../ldap-schema}" && pwd)
SRC_DIR=$(cd "$here/../.." && pwd)
FIXTURE=$SRC_DIR/tests/fixtures/slapd.sh
export LDAPNOINIT=1
B=dc=umin,dc=ac,dc=jp

failures=0
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
finish() { if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi; echo "all checks passed"; }
run() { rc=0; out=$("$@" 2>&1) || rc=$?; }
expect_rc() { local want=$1 what=$2; shift 2; run "$@"
  if [ "$rc" = "$want" ]; then pass "$what"; else fail "$what: want rc $want, got $rc: $out"; fi; }

tmp=$(mktemp -d /tmp/umsh.XXXXXX)
chmod 755 "$tmp"
cleanup() {
  for d in "$tmp"/*/; do [ -f "$d/env" ] && "$FIXTURE" stop "$d" >/dev/null 2>&1; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# ------------------------------------------------------------------- same
fill_for() {   # ROLE KIND DIR: fill the shipped ROLE (provider|consumer) file of KIND (conf|ldif)
  local role=$1 kind=$2 d=$3 tmpl args
  if [ "$kind" = conf ]; then tmpl=$SCHEMA_DIR/slapd-$role.conf; else tmpl=$SCHEMA_DIR/$role.ldif; fi
  args=(LDAP_SCHEMA_DIR=/etc/ldap/schema "UMIN_SCHEMA_DIR=$SCHEMA_DIR" "RUN_DIR=$d" "DB_DIR=$d/db"
        "TLS_CA_FILE=$d/ca.crt" "TLS_CERT_FILE=$d/srv.crt" "TLS_KEY_FILE=$d/srv.key")
  if [ "$role" = consumer ]; then
    args+=(PROVIDER_URI=ldap://central.example:389/ "REPLICATOR_PASSWORD<$tmp/secret")
  else args+=(UMIND_UID=998); fi
  "$SCHEMA_DIR/fill.sh" "$tmpl" "${args[@]}"
}
config_dump() { slapcat -n0 -F "$1" -o ldif-wrap=no 2>/dev/null |
  grep -vE '^(entryUUID|entryCSN|createTimestamp|modifyTimestamp|creatorsName|modifiersName|structuralObjectClass|contextCSN|olcConfigFile|olcConfigDir):'; }

mode_same() {
  local role d
  echo 'replicator-secret' >"$tmp/secret"
  for role in provider consumer; do
    d=$tmp/$role; mkdir -p "$d/conv" "$d/ldif" "$d/db"
    # slaptest reads the TLS files: a throw-away self-signed pair
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
      -keyout "$d/srv.key" -out "$d/srv.crt" >/dev/null 2>&1 && cp "$d/srv.crt" "$d/ca.crt"
    fill_for "$role" conf "$d" >"$d/slapd.conf" || { fail "fill.sh slapd-$role.conf"; continue; }
    fill_for "$role" ldif "$d" >"$d/config.ldif" || { fail "fill.sh $role.ldif"; continue; }
    # (slaptest opens the database read-only: it must exist)
    expect_rc 0 "slapadd -q of base.ldif under the filled slapd-$role.conf" \
      slapadd -q -f "$d/slapd.conf" -l "$SCHEMA_DIR/base.ldif"
    expect_rc 0 "slaptest converts the filled slapd-$role.conf" slaptest -Q -f "$d/slapd.conf" -F "$d/conv"
    expect_rc 0 "slapadd -n0 of the filled $role.ldif" slapadd -n0 -F "$d/ldif" -l "$d/config.ldif"
    expect_rc 0 "slapmodify -n0 of acl.ldif on it" slapmodify -n0 -F "$d/ldif" -l "$SCHEMA_DIR/acl.ldif"
    expect_rc 0 "slaptest -u accepts that slapd.d" slaptest -Q -u -F "$d/ldif"
    config_dump "$d/conv" >"$d/conv.txt"; config_dump "$d/ldif" >"$d/ldif.txt"
    expect_rc 0 "slapd-$role.conf and $role.ldif (+ acl.ldif) give the same cn=config" \
      python3 "$here/config_diff.py" "$d/conv.txt" "$d/ldif.txt"
    [ "$rc" = 0 ] || printf '%s\n' "$out" | head -20
    # every attribute umind filters on has an equality index
    local attrs a idx
    attrs=$( { grep -o 'emplace_back("[A-Za-z]*"' "$SRC_DIR/daemon/sync/directory_reader.cpp" | cut -d'"' -f2
               sed -n '/route_filter =/,/;/p' "$SRC_DIR/core/route_entry.hpp" | grep -o '([A-Za-z]*=' | tr -d '(='
               echo entryCSN; echo entryUUID; } | sort -u)
    [ "$(wc -w <<<"$attrs")" -ge 7 ] || fail "found only these searched attributes in the source: $attrs"
    idx=$(sed -n 's/^olcDbIndex: //p' "$d/conv.txt" | awk '{n = split($1, a, ","); for (i = 1; i <= n; i++) if ($2 ~ /eq/) print a[i]}')
    for a in $attrs; do
      if grep -qix "$a" <<<"$idx"; then pass "$role: $a has an eq index"
      else fail "$role: umind searches on $a, which has no eq index (indexes: $(echo $idx))"; fi
    done
  done
  # fill.sh refuses a file with a placeholder left, and a name the file lacks
  expect_rc 1 "fill.sh refuses to leave a placeholder unfilled" \
    "$SCHEMA_DIR/fill.sh" "$SCHEMA_DIR/slapd-provider.conf" RUN_DIR=/x
  expect_rc 1 "fill.sh refuses a placeholder the file does not have" \
    "$SCHEMA_DIR/fill.sh" "$SCHEMA_DIR/slapd-provider.conf" PROVIDER_URI=ldap://x/
}

# ---------------------------------------------------------------- replica
envval() { sed -n "s/^$1=//p" "$2/env"; }
# tls CAFILE CMD...: CMD trusting only CAFILE (LDAPNOINIT would also drop the
# LDAPTLS_* variables; read no ldap.conf/.ldaprc instead)
tls() { local ca=$1; shift; env -u LDAPNOINIT LDAPCONF=/dev/null HOME="$tmp" LDAPTLS_CACERT="$ca" LDAPTLS_REQCERT=demand "$@"; }
mode_replica() {
  local kind=$1 P C CA uri curi i t0 t1 ms
  export SLAPD_CONFIG=$kind
  "$FIXTURE" start "$tmp/p" >/dev/null || { fail "the provider ($kind) did not start"; finish; }
  uri=$(envval LDAP_URI "$tmp/p"); CA=$(envval LDAP_TLS_CA "$tmp/p")
  local ROOT=(-x -D "cn=admin,$B" -w fixture-secret)
  ldapadd "${ROOT[@]}" -H "$uri" >/dev/null <<EOF
dn: cn=milter,ou=system,$B
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: milter
userPassword: milter-secret

dn: uid=taro,ou=people,$B
objectClass: inetOrgPerson
objectClass: uminAccount
uid: taro
cn: taro
sn: taro
mail: taro@umin.ac.jp
uminAccountKey: 1
userPassword: general-pw

dn: uid=taro,ou=indice,$B
objectClass: account
objectClass: simpleSecurityObject
objectClass: uminAccount
uid: taro
userPassword: indice-pw
EOF
  # the provider: the replicator reads passwords, the milter does not; TLS
  expect_rc 0 "provider: StartTLS with the test CA (ldapwhoami -ZZ)" \
    tls "$CA" ldapwhoami -ZZ -x -H "$uri" -D "cn=replicator,ou=system,$B" -w replicator-secret
  run tls "$CA" ldapsearch -ZZ -LLL -x -H "$uri" -D "cn=replicator,ou=system,$B" -w replicator-secret \
    -b "uid=taro,ou=people,$B" -s base userPassword
  if grep -q '^userPassword' <<<"$out"; then pass "provider: cn=replicator reads userPassword"
  else fail "provider: cn=replicator cannot read userPassword: $out"; fi

  SLAPD_PROVIDER=$uri SLAPD_TLS_CA_DIR=$tmp/p/tls "$FIXTURE" start "$tmp/c" >/dev/null ||
    { fail "the consumer ($kind) did not start"; finish; }
  curi=$(envval LDAP_URI "$tmp/c")
  on_consumer() { ldapsearch -LLL "${ROOT[@]}" -H "$curi" -b "$1" -s base dn 2>/dev/null | grep -q '^dn:'; }
  for i in $(seq 1 100); do on_consumer "uid=taro,ou=indice,$B" && break; sleep 0.1; done
  if on_consumer "uid=taro,ou=indice,$B"; then pass "consumer: the refresh brought the tree"
  else fail "consumer: no replica after 10 s: $(tail -5 "$tmp/c/slapd.log")"; fi
  # a change at the provider reaches the consumer within 2 s
  t0=$(date +%s%3N)
  ldapadd "${ROOT[@]}" -H "$uri" >/dev/null <<EOF
dn: uid=hana,ou=aliases,$B
objectClass: uminAlias
uid: hana
uminAliasOf: taro
EOF
  for i in $(seq 1 200); do on_consumer "uid=hana,ou=aliases,$B" && break; sleep 0.01; done
  t1=$(date +%s%3N); ms=$((t1 - t0))
  if on_consumer "uid=hana,ou=aliases,$B" && [ "$ms" -le 2000 ]; then pass "consumer: an add replicated in $ms ms"
  else fail "consumer: the add was not there within 2 s ($ms ms)"; fi
  # binds against the replica over StartTLS: general and INDICE passwords
  expect_rc 0 "consumer: general bind over StartTLS" tls "$CA" \
    ldapwhoami -ZZ -x -H "$curi" -D "uid=taro,ou=people,$B" -w general-pw
  expect_rc 0 "consumer: INDICE bind over StartTLS" tls "$CA" \
    ldapwhoami -ZZ -x -H "$curi" -D "uid=taro,ou=indice,$B" -w indice-pw
  expect_rc 49 "consumer: a wrong password is refused" tls "$CA" \
    ldapwhoami -ZZ -x -H "$curi" -D "uid=taro,ou=people,$B" -w wrong
  # the milter (cn=milter, replicated from the provider) reads routes, not passwords
  run ldapsearch -LLL -x -H "$curi" -D "cn=milter,ou=system,$B" -w milter-secret -b "$B" \
    '(|(objectClass=uminAlias)(objectClass=inetOrgPerson))' uid uminAliasOf userPassword
  if [ "$rc" = 0 ] && grep -q '^uminAliasOf: taro' <<<"$out" && ! grep -q '^userPassword' <<<"$out"; then
    pass "consumer: cn=milter reads aliases and people, no userPassword"
  else fail "consumer: cn=milter's view is wrong (rc $rc): $out"; fi
  # a client trusting another CA refuses the replica's certificate
  mkdir -p "$tmp/other"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=other-ca \
    -keyout "$tmp/other/ca.key" -out "$tmp/other/ca.crt" >/dev/null 2>&1
  expect_rc 1 "a client trusting another CA refuses the replica (StartTLS fails)" tls "$tmp/other/ca.crt" \
    ldapwhoami -ZZ -x -H "$curi" -D "uid=taro,ou=people,$B" -w general-pw
  # a consumer that trusts another CA replicates nothing (tls_reqcert=demand)
  SLAPD_PROVIDER=$uri SLAPD_TLS_CA_DIR=$tmp/other "$FIXTURE" start "$tmp/x" >/dev/null ||
    { fail "the wrong-CA consumer did not start"; finish; }
  local xuri; xuri=$(envval LDAP_URI "$tmp/x")
  sleep 2
  if ldapsearch -LLL "${ROOT[@]}" -H "$xuri" -b "$B" -s base dn 2>/dev/null | grep -q '^dn:'; then
    fail "a consumer trusting another CA replicated the provider"
  else pass "a consumer trusting another CA replicated nothing"; fi
  "$FIXTURE" stop "$tmp/x"; "$FIXTURE" stop "$tmp/c"; "$FIXTURE" stop "$tmp/p"
}

case "${1:-}" in
  same)    mode_same;;
  replica) [ $# = 2 ] && { [ "$2" = conf ] || [ "$2" = ldif ]; } || { echo "usage: $0 replica conf|ldif" >&2; exit 2; }
           mode_replica "$2";;
  *) echo "usage: $0 same | replica conf|ldif" >&2; exit 2;;
esac
finish
