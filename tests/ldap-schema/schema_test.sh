#!/bin/bash
# tests/ldap-schema/schema_test.sh — checks ldap-schema/ (DESIGN §5) against a
# real slapd. One mode per CTest test:
#
#   schema_test.sh entries ENVFILE  # one entry of each class, binds, filters,
#                                   # syntax/class violations (slapd.sh fixture)
#   schema_test.sh acl ENVFILE      # acl.conf: who reads/writes what (fixture)
#   schema_test.sh cn-config        # umin.ldif via slapadd -n0 + slaptest -u;
#                                   # README's online ldapadd/ldapmodify recipe
#   schema_test.sh in-sync          # umin.ldif == schema2ldif.sh output,
#                                   # acl.ldif rules == acl.conf rules
#
# ENVFILE is the fixture's DIR/env. Every check prints "ok" or "FAIL ..."
# and the script exits 1 if any failed. Each mode writes only below its own
# temp dir (removed on exit) or into the fixture's slapd, and waits bounded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SCHEMA_DIR=${UMIN_SCHEMA_DIR:-$here/../../ldap-schema}
SCHEMA_DIR=$(cd "$SCHEMA_DIR" && pwd)
SYS_SCHEMA=/etc/ldap/schema
export LDAPNOINIT=1   # ignore ldap.conf/.ldaprc: only what each command says

failures=0
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"
}
# run CMD...: its output (stdout+stderr) in $out, its exit code in $rc
run() { rc=0; out=$("$@" 2>&1) || rc=$?; }
# expect_rc WANT WHAT CMD...   (ldapadd/ldapmodify exit with the LDAP result)
expect_rc() {
  local want=$1 what=$2; shift 2
  run "$@"
  if [ "$rc" = "$want" ]; then pass "$what (rc $rc)"; else fail "$what: want rc $want, got $rc: $out"; fi
}
# expect_dns N WHAT ldapsearch-args...: the search succeeds with N entries
expect_dns() {
  local want=$1 what=$2 n; shift 2
  run ldapsearch -LLL -o ldif-wrap=no "$@"
  n=$(printf '%s\n' "$out" | grep -c '^dn:' || true)
  if [ "$rc" = 0 ] && [ "$n" = "$want" ]; then pass "$what ($n entries)"
  else fail "$what: want $want entries, got $n (rc $rc): $out"; fi
}
# expect_attr yes|no ATTR WHAT ldapsearch-args...: ATTR is (not) in the result
# ("no" also accepts noSuchObject/insufficientAccess: an entry one cannot
# see at all)
expect_attr() {
  local want=$1 attr=$2 what=$3 got=no; shift 3
  run ldapsearch -LLL -o ldif-wrap=no "$@"
  printf '%s\n' "$out" | grep -qi "^$attr:" && got=yes
  if { [ "$rc" = 0 ] || { [ "$want" = no ] && { [ "$rc" = 32 ] || [ "$rc" = 50 ]; }; }; } && [ "$got" = "$want" ]; then
    pass "$what"
  else fail "$what: $attr present=$got, want $want (rc $rc): $out"; fi
}
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [ -n "$s" ] && [ "${s#Z}" = "$s" ]; }
load_env() {
  [ -r "${1:-}" ] || { echo "schema_test.sh: cannot read fixture env '${1:-}'" >&2; exit 2; }
  # shellcheck disable=SC1090
  . "$1"
  B=$LDAP_BASE
  ROOT=(-x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW")
}
# shellcheck disable=SC2016  # '$6$%.16s' is slappasswd's salt format
crypt6() { slappasswd -h '{CRYPT}' -c '$6$%.16s' -s "$1"; }
ssha512() { slappasswd -o module-load=pw-sha2 -h '{SSHA512}' -s "$1"; }
# rootdn: delete DNs left by an earlier run against the same slapd (if any)
cleanup_dns() { ldapdelete -c "${ROOT[@]}" "$@" >/dev/null 2>&1 || true; }

# ------------------------------------------------------------------ entries
mode_entries() {
  load_env "${1:-}"
  local people_pw='Tky-people-pw1' indice_pw='Indice-pw-2'
  local P="uid=taro-tky,ou=people,$B" I="uid=taro-tky,ou=indice,$B"
  local A="uid=taro-old,ou=aliases,$B" L="cn=tetsumon-ml,ou=lists,$B"
  local S="cn=umind,ou=system,$B"
  cleanup_dns "$P" "$I" "$A" "$L" "uid=bad-bool,ou=aliases,$B" \
    "uid=bad-time,ou=aliases,$B" "uid=no-aux,ou=people,$B" "cn=no-uid,ou=aliases,$B"

  expect_rc 0 "add people entry (inetOrgPerson+uminAccount, {CRYPT}\$6\$)" ldapadd "${ROOT[@]}" <<EOF
dn: $P
objectClass: inetOrgPerson
objectClass: uminAccount
uid: taro-tky
cn: Taro Yamada
sn: Yamada
displayName: Taro Yamada
o: Univ. of Tokyo
mail: taro-tky@umin.ac.jp
uminKind: personal
uminService: epoc
uminService: ctr
uminAccountKey: K-000123
userPassword: $(crypt6 "$people_pw")
EOF
  expect_rc 0 "add indice entry (account+simpleSecurityObject+uminAccount)" ldapadd "${ROOT[@]}" <<EOF
dn: $I
objectClass: account
objectClass: simpleSecurityObject
objectClass: uminAccount
uid: taro-tky
uminAccountKey: K-000123
userPassword: $(ssha512 "$indice_pw")
EOF
  expect_rc 0 "add alias entry (uminAlias)" ldapadd "${ROOT[@]}" <<EOF
dn: $A
objectClass: uminAlias
uid: taro-old
uminAliasOf: taro-tky
uminForwardUntil: 20271125090000Z
uminForwardEnabled: TRUE
uminAliasReason: rename
EOF
  expect_rc 0 "add list entry (uminList)" ldapadd "${ROOT[@]}" <<EOF
dn: $L
objectClass: uminList
cn: tetsumon-ml
description: tetsumon study group
uminDeliverTo: tetsumon-ml@lists.umin.ac.jp
member: $P
uminProtectMembers: TRUE
EOF
  expect_rc 0 "set uminSyncSeq of cn=umind to 42" ldapmodify "${ROOT[@]}" <<EOF
dn: $S
changetype: modify
replace: uminSyncSeq
uminSyncSeq: 42
-
replace: uminHeartbeat
uminHeartbeat: 20261203093000Z
EOF

  # what was stored
  expect_dns 1 "people entry has both uminService values" "${ROOT[@]}" -b "$P" -s base \
    '(&(uminService=epoc)(uminService=CTR)(uminKind=Personal)(uminAccountKey=k-000123))'
  run ldapsearch -LLL -o ldif-wrap=no "${ROOT[@]}" -b "$P" -s base userPassword
  local stored; stored=$(printf '%s\n' "$out" | sed -n 's/^userPassword:: //p' | base64 -d 2>/dev/null || true)
  # shellcheck disable=SC2016
  case $stored in '{CRYPT}$6$'*) pass "userPassword stored as {CRYPT}\$6\$ hash";;
    *) fail "userPassword not a {CRYPT}\$6\$ hash: '$stored' ($out)";; esac

  # binds
  expect_rc 0 "bind as people entry with its password" \
    ldapwhoami -x -H "$LDAP_URI" -D "$P" -w "$people_pw"
  expect_rc 49 "bind as people entry with a wrong password fails" \
    ldapwhoami -x -H "$LDAP_URI" -D "$P" -w "wrong-$people_pw"
  expect_rc 0 "bind under ou=indice with the INDICE password" \
    ldapwhoami -x -H "$LDAP_URI" -D "$I" -w "$indice_pw"
  expect_rc 49 "bind under ou=indice with the general password fails" \
    ldapwhoami -x -H "$LDAP_URI" -D "$I" -w "$people_pw"

  # matching rules
  expect_dns 1 "(uminForwardUntil<=20300101000000Z) finds the alias" "${ROOT[@]}" \
    -b "ou=aliases,$B" '(uminForwardUntil<=20300101000000Z)'
  expect_dns 0 "(uminForwardUntil<=20200101000000Z) finds nothing" "${ROOT[@]}" \
    -b "ou=aliases,$B" '(uminForwardUntil<=20200101000000Z)'
  expect_dns 1 "(uminForwardUntil=20271125180000+0900) equality across zones" "${ROOT[@]}" \
    -b "ou=aliases,$B" '(uminForwardUntil=20271125180000+0900)'
  expect_dns 1 "(&(uminAliasOf=TARO-TKY)(uminForwardEnabled=TRUE)(uminAliasReason=Rename))" \
    "${ROOT[@]}" -b "ou=aliases,$B" '(&(uminAliasOf=TARO-TKY)(uminForwardEnabled=TRUE)(uminAliasReason=Rename))'
  expect_dns 1 "(uminSyncSeq>=40) finds the sync state" "${ROOT[@]}" \
    -b "ou=system,$B" '(uminSyncSeq>=40)'
  expect_dns 0 "(uminSyncSeq>=43) finds nothing" "${ROOT[@]}" \
    -b "ou=system,$B" '(uminSyncSeq>=43)'
  expect_dns 1 "(uminHeartbeat>=20261203000000Z) finds the sync state" "${ROOT[@]}" \
    -b "ou=system,$B" '(uminHeartbeat>=20261203000000Z)'
  expect_dns 0 "(uminHeartbeat>=20261204000000Z) finds nothing" "${ROOT[@]}" \
    -b "ou=system,$B" '(uminHeartbeat>=20261204000000Z)'
  expect_dns 1 "list by member DN, uminDeliverTo (case-ignore) and uminProtectMembers" "${ROOT[@]}" \
    -b "ou=lists,$B" "(&(member=$P)(uminDeliverTo=TETSUMON-ML@lists.umin.ac.jp)(uminProtectMembers=TRUE))"

  # syntax and schema violations
  expect_rc 21 "uminForwardEnabled: yes is refused (invalid BOOLEAN)" ldapadd "${ROOT[@]}" <<EOF
dn: uid=bad-bool,ou=aliases,$B
objectClass: uminAlias
uid: bad-bool
uminForwardEnabled: yes
EOF
  expect_rc 21 "uminForwardUntil without a time zone is refused" ldapadd "${ROOT[@]}" <<EOF
dn: uid=bad-time,ou=aliases,$B
objectClass: uminAlias
uid: bad-time
uminForwardUntil: 20271125090000
EOF
  expect_rc 65 "uminKind on an entry without uminAccount is refused (modify)" ldapmodify "${ROOT[@]}" <<EOF
dn: $A
changetype: modify
add: uminKind
uminKind: personal
EOF
  expect_rc 65 "uminKind on a new entry without uminAccount is refused (add)" ldapadd "${ROOT[@]}" <<EOF
dn: uid=no-aux,ou=people,$B
objectClass: inetOrgPerson
uid: no-aux
cn: no-aux
sn: no-aux
uminKind: personal
EOF
  # (slapd adds the RDN's value itself, so the RDN must not be uid here)
  expect_rc 65 "uminAlias without uid is refused (MUST uid)" ldapadd "${ROOT[@]}" <<EOF
dn: cn=no-uid,ou=aliases,$B
objectClass: uminAlias
uminAliasOf: taro-tky
EOF
  expect_rc 19 "a second uminAliasOf is refused (SINGLE-VALUE)" ldapmodify "${ROOT[@]}" <<EOF
dn: $A
changetype: modify
add: uminAliasOf
uminAliasOf: jiro-tky
EOF
  expect_rc 21 "uminSyncSeq must be an INTEGER" ldapmodify "${ROOT[@]}" <<EOF
dn: $S
changetype: modify
replace: uminSyncSeq
uminSyncSeq: forty-two
EOF

  # nobody but the rootdn sees a password
  expect_attr yes userPassword "rootdn sees userPassword (so the next checks mean something)" \
    "${ROOT[@]}" -b "$P" -s base userPassword
  expect_attr no userPassword "anonymous search cannot read userPassword" \
    -x -H "$LDAP_URI" -b "$P" -s base userPassword
  expect_attr no userPassword "anonymous subtree search of the suffix shows no userPassword" \
    -x -H "$LDAP_URI" -b "$B" '(objectClass=*)' userPassword
  finish
}

# ---------------------------------------------------------------------- acl
mode_acl() {
  load_env "${1:-}"
  local umind="cn=umind,ou=system,$B" sso="cn=sso-reader,ou=system,$B" milter="cn=milter,ou=system,$B"
  local P="uid=hanako-tky,ou=people,$B" P2="uid=hanako-new,ou=people,$B"
  local I="uid=hanako-tky,ou=indice,$B" A="uid=hanako-old,ou=aliases,$B" L="cn=acl-ml,ou=lists,$B"
  local upw='Umind-pw-3' spw='Sso-pw-4' mpw='Milter-pw-5' hpw='Hanako-pw-6'
  local i
  cleanup_dns "$P" "$P2" "$I" "$A" "$L" "$sso" "$milter" "uid=sso-wrote,ou=aliases,$B"
  for i in $(seq 1 600); do echo "uid=bulk-$i,ou=aliases,$B"; done | cleanup_dns -f /dev/stdin

  # service DNs (set up by the rootdn)
  expect_rc 0 "rootdn gives umind, sso-reader and milter passwords" ldapmodify -c "${ROOT[@]}" <<EOF
dn: $umind
changetype: modify
replace: objectClass
objectClass: uminSyncState
objectClass: simpleSecurityObject
-
replace: userPassword
userPassword: $(ssha512 "$upw")

dn: $sso
changetype: add
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: sso-reader
userPassword: $(ssha512 "$spw")

dn: $milter
changetype: add
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: milter
userPassword: $(ssha512 "$mpw")
EOF
  local U=(-x -H "$LDAP_URI" -D "$umind" -w "$upw")
  local SSO=(-x -H "$LDAP_URI" -D "$sso" -w "$spw")
  local M=(-x -H "$LDAP_URI" -D "$milter" -w "$mpw")
  local H=(-x -H "$LDAP_URI" -D "$P" -w "$hpw")

  # umind writes the managed subtrees, passwords included, but cannot read them
  expect_rc 0 "umind adds people, indice, alias and list entries" ldapadd "${U[@]}" <<EOF
dn: $P
objectClass: inetOrgPerson
objectClass: uminAccount
uid: hanako-tky
cn: Hanako Sato
sn: Sato
o: Osaka Univ.
mail: hanako-tky@umin.ac.jp
uminKind: personal
userPassword: $(crypt6 "$hpw")

dn: $I
objectClass: account
objectClass: simpleSecurityObject
objectClass: uminAccount
uid: hanako-tky
userPassword: $(crypt6 "indice-$hpw")

dn: $A
objectClass: uminAlias
uid: hanako-old
uminAliasOf: hanako-tky
uminForwardUntil: 20271125090000Z
uminForwardEnabled: TRUE
uminAliasReason: rename

dn: $L
objectClass: uminList
cn: acl-ml
uminDeliverTo: acl-ml@lists.umin.ac.jp
member: $P
EOF
  expect_rc 0 "umind replaces a userPassword" ldapmodify "${U[@]}" <<EOF
dn: $P
changetype: modify
replace: userPassword
userPassword: $(crypt6 "$hpw")
EOF
  expect_attr no userPassword "umind cannot read userPassword" "${U[@]}" -b "$P" -s base userPassword
  expect_attr yes mail "umind reads people" "${U[@]}" -b "$P" -s base mail
  expect_rc 0 "umind writes its uminSyncSeq" ldapmodify "${U[@]}" <<EOF
dn: $umind
changetype: modify
replace: uminSyncSeq
uminSyncSeq: 7
EOF
  expect_rc 0 "umind renames a people entry (modrdn)" ldapmodrdn -r "${U[@]}" "$P" uid=hanako-new
  expect_rc 0 "umind renames it back" ldapmodrdn -r "${U[@]}" "$P2" uid=hanako-tky
  expect_rc 50 "umind cannot modify the suffix entry" ldapmodify "${U[@]}" <<EOF
dn: $B
changetype: modify
replace: o
o: hijacked
EOF
  expect_rc 50 "umind cannot set a service DN's password" ldapmodify "${U[@]}" <<EOF
dn: $sso
changetype: modify
replace: userPassword
userPassword: x
EOF
  expect_rc 50 "umind cannot modify a service DN" ldapmodify "${U[@]}" <<EOF
dn: $milter
changetype: modify
add: description
description: x
EOF
  expect_rc 50 "umind cannot change its own password" ldapmodify "${U[@]}" <<EOF
dn: $umind
changetype: modify
replace: userPassword
userPassword: x
EOF

  # the user: binds, reads self, writes nothing (umind owns passwords)
  expect_rc 0 "user binds with the password umind wrote" ldapwhoami "${H[@]}"
  expect_rc 0 "INDICE IdP binds as the user under ou=indice" \
    ldapwhoami -x -H "$LDAP_URI" -D "$I" -w "indice-$hpw"
  expect_attr yes mail "user reads own entry" "${H[@]}" -b "$P" -s base
  expect_attr no userPassword "user cannot read own userPassword" "${H[@]}" -b "$P" -s base userPassword
  expect_rc 50 "user cannot write own userPassword" ldapmodify "${H[@]}" <<EOF
dn: $P
changetype: modify
replace: userPassword
userPassword: mine
EOF
  run ldappasswd "${H[@]}" -s 'mine-2'
  if [ "$rc" != 0 ] && printf '%s' "$out" | grep -q 'Insufficient access'; then
    pass "user cannot change own password by Password Modify"
  else fail "ldappasswd as the user: want Insufficient access, got rc $rc: $out"; fi
  expect_rc 50 "user cannot write own mail" ldapmodify "${H[@]}" <<EOF
dn: $P
changetype: modify
replace: mail
mail: other@umin.ac.jp
EOF
  expect_rc 50 "user cannot compare own userPassword" \
    ldapcompare "${H[@]}" "$P" "userPassword:$hpw"

  # the SSO reader: people/aliases/lists but not passwords, not indice, no writes
  expect_attr yes o "sso-reader reads people attributes" "${SSO[@]}" -b "$P" -s base o
  expect_attr no userPassword "sso-reader cannot read userPassword" "${SSO[@]}" -b "$B" userPassword
  expect_rc 50 "sso-reader cannot compare userPassword" ldapcompare "${SSO[@]}" "$P" "userPassword:$hpw"
  expect_dns 1 "sso-reader reads aliases" "${SSO[@]}" -b "ou=aliases,$B" '(uid=hanako-old)'
  expect_dns 1 "sso-reader reads lists" "${SSO[@]}" -b "ou=lists,$B" '(cn=acl-ml)'
  expect_dns 0 "sso-reader cannot read ou=indice" "${SSO[@]}" -b "$B" '(objectClass=account)'
  expect_rc 50 "sso-reader cannot write" ldapadd "${SSO[@]}" <<EOF
dn: uid=sso-wrote,ou=aliases,$B
objectClass: uminAlias
uid: sso-wrote
EOF

  # the milter: routes (aliases, lists, live IDs) and the watermark only
  expect_dns 1 "milter finds the alias by filter" "${M[@]}" -b "ou=aliases,$B" \
    '(&(uid=hanako-old)(uminForwardUntil<=20300101000000Z))'
  expect_dns 1 "milter reads lists" "${M[@]}" -b "ou=lists,$B" '(uminDeliverTo=acl-ml@lists.umin.ac.jp)'
  expect_attr yes mail "milter reads a person's mail" "${M[@]}" -b "$P" -s base mail
  expect_attr no o "milter cannot read a person's affiliation" "${M[@]}" -b "$P" -s base o
  expect_attr yes uminSyncSeq "milter reads the sync watermark" "${M[@]}" -b "$umind" -s base uminSyncSeq
  expect_dns 0 "milter cannot read ou=indice" "${M[@]}" -b "$B" '(objectClass=account)'
  expect_rc 50 "milter cannot write" ldapmodify "${M[@]}" <<EOF
dn: $A
changetype: modify
replace: uminForwardEnabled
uminForwardEnabled: FALSE
EOF

  # limits: umind and the milter read more than slapd's default 500 entries
  for i in $(seq 1 600); do
    printf 'dn: uid=bulk-%s,ou=aliases,%s\nobjectClass: uminAlias\nuid: bulk-%s\numinAliasOf: hanako-tky\n\n' "$i" "$B" "$i"
  done >"$tmp/bulk.ldif"
  expect_rc 0 "umind adds 600 aliases" ldapadd "${U[@]}" -f "$tmp/bulk.ldif"
  expect_dns 601 "milter reads all aliases (no sizelimit)" "${M[@]}" -b "ou=aliases,$B" '(uminAliasOf=hanako-tky)' 1.1
  expect_dns 601 "umind reads all aliases (no sizelimit)" "${U[@]}" -b "ou=aliases,$B" '(uminAliasOf=hanako-tky)' 1.1
  expect_rc 4 "sso-reader keeps the default sizelimit" \
    ldapsearch -LLL "${SSO[@]}" -b "ou=aliases,$B" '(uminAliasOf=hanako-tky)' 1.1

  # anonymous: bind only
  run ldapsearch -LLL -x -H "$LDAP_URI" -b "$B" '(objectClass=*)'
  if { [ "$rc" = 0 ] || [ "$rc" = 32 ]; } && ! printf '%s\n' "$out" | grep -q '^dn:'; then
    pass "anonymous reads nothing of the tree (rc $rc)"
  else fail "anonymous search returned entries (rc $rc): $out"; fi
  expect_rc 0 "anonymous can still bind as a service DN" ldapwhoami "${M[@]}"
  finish
}

# ---------------------------------------------------------------- cn-config
slapadd_config() {   # DIR WITH_UMIN(yes|no): a minimal cn=config in DIR/slapd.d
  local d=$1 with_umin=$2 f
  mkdir -p "$d/slapd.d" "$d/db"
  {
    cat <<EOF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $d/slapd.pid

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

EOF
    for f in core cosine inetorgperson; do cat "$SYS_SCHEMA/$f.ldif"; echo; done
    if [ "$with_umin" = yes ]; then cat "$SCHEMA_DIR/umin.ldif"; echo; fi
    cat <<EOF
dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: to * by dn.exact=gidNumber=$(id -g)+uidNumber=$(id -u),cn=peercred,cn=external,cn=auth manage by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: dc=umin,dc=ac,dc=jp
olcRootDN: cn=admin,dc=umin,dc=ac,dc=jp
olcDbDirectory: $d/db
olcDbMaxSize: 1073741824
EOF
  } >"$d/config.ldif"
  run slapadd -n0 -F "$d/slapd.d" -l "$d/config.ldif"
}

mode_cn_config() {
  local B=dc=umin,dc=ac,dc=jp
  # A) offline: umin.ldif inside the initial config; slaptest accepts it
  slapadd_config "$tmp/a" yes
  if [ "$rc" = 0 ]; then pass "slapadd -n0 of a cn=config with umin.ldif"
  else fail "slapadd -n0 of a cn=config with umin.ldif: $out"; fi
  expect_rc 0 "slaptest -F -u accepts that cn=config" slaptest -Q -F "$tmp/a/slapd.d" -u
  expect_rc 0 "cn=umin is in the converted config" \
    test -f "$tmp/a/slapd.d/cn=config/cn=schema/cn={3}umin.ldif"
  expect_rc 0 "slapadd -n1 of base.ldif under that config" \
    slapadd -q -F "$tmp/a/slapd.d" -n1 -l "$SCHEMA_DIR/base.ldif"

  # B) online, as README says: ldapadd umin.ldif, ldapmodify acl.ldif, as root
  slapadd_config "$tmp/b" no
  [ "$rc" = 0 ] || { fail "slapadd -n0 of the plain cn=config: $out"; finish; }
  local sock="$tmp/b/ldapi" uri i up=no
  [ ${#sock} -le 100 ] || { fail "temp dir too long for an ldapi socket: $sock"; finish; }
  uri="ldapi://${sock//\//%2F}/"
  slapd -d 0 -F "$tmp/b/slapd.d" -h "$uri" </dev/null >"$tmp/b/slapd.log" 2>&1 &
  cfg_pid=$!   # global: the EXIT trap stops it
  stop_b() {   # once: SIGTERM, bounded wait, SIGKILL as a last resort
    local p=${cfg_pid:-}
    cfg_pid=
    [ -n "$p" ] && kill "$p" 2>/dev/null || return 0
    for _ in $(seq 1 100); do alive "$p" || return 0; sleep 0.05; done
    kill -9 "$p" 2>/dev/null || true
  }
  trap 'stop_b; rm -rf "$tmp"' EXIT
  for i in $(seq 1 200); do
    if ldapsearch -x -H "$uri" -b '' -s base >/dev/null 2>&1; then up=yes; break; fi
    alive "$cfg_pid" || break
    sleep 0.05
  done
  [ $up = yes ] || { fail "cn=config slapd did not start: $(cat "$tmp/b/slapd.log")"; finish; }
  local EXT=(-Q -Y EXTERNAL -H "$uri")
  expect_rc 0 "ldapadd -Y EXTERNAL -f umin.ldif (online)" ldapadd "${EXT[@]}" -f "$SCHEMA_DIR/umin.ldif"
  # acl.ldif names root (uid 0) over ldapi; when not root, name this user
  sed "s/gidNumber=0+uidNumber=0,/gidNumber=$(id -g)+uidNumber=$(id -u),/" \
    "$SCHEMA_DIR/acl.ldif" >"$tmp/acl.ldif"
  expect_rc 0 "ldapmodify -Y EXTERNAL -f acl.ldif (online)" ldapmodify "${EXT[@]}" -f "$tmp/acl.ldif"
  run ldapsearch -LLL -o ldif-wrap=no "${EXT[@]}" -b 'olcDatabase={1}mdb,cn=config' -s base olcAccess olcLimits
  local na nl
  na=$(printf '%s\n' "$out" | grep -c '^olcAccess:' || true)
  nl=$(printf '%s\n' "$out" | grep -c '^olcLimits:' || true)
  if [ "$rc" = 0 ] && [ "$na" = 12 ] && [ "$nl" = 3 ]; then pass "the database now has 12 rules and 3 limits"
  else fail "after acl.ldif: want 12 olcAccess and 3 olcLimits, got $na and $nl (rc $rc): $out"; fi
  expect_rc 0 "root (EXTERNAL, not the rootdn) adds base.ldif through the ACLs" \
    ldapadd "${EXT[@]}" -f "$SCHEMA_DIR/base.ldif"
  expect_rc 0 "an alias entry can be added with the online schema" ldapadd "${EXT[@]}" <<EOF
dn: uid=taro-old,ou=aliases,$B
objectClass: uminAlias
uid: taro-old
uminAliasOf: taro-tky
uminForwardUntil: 20271125090000Z
uminForwardEnabled: TRUE
uminAliasReason: rename
EOF
  expect_dns 1 "(uminForwardUntil<=20300101000000Z) works with the online schema" "${EXT[@]}" \
    -b "ou=aliases,$B" '(uminForwardUntil<=20300101000000Z)'
  expect_attr yes uminSyncSeq "root (EXTERNAL) reads cn=umind under acl.ldif" \
    "${EXT[@]}" -b "cn=umind,ou=system,$B" -s base
  expect_attr no uminSyncSeq "anonymous cannot read cn=umind under acl.ldif" \
    -x -H "$uri" -b "cn=umind,ou=system,$B" -s base
  stop_b
  finish
}

# ------------------------------------------------------------------ in-sync
# olcAccess/olcLimits values of an LDIF file, one per line, normalized:
# unfolded, no {N}, single spaces, dn.exact spelled dn.base (slaptest does).
acl_rules() {
  awk '/^#/ { next } /^ / { line = line substr($0, 2); next }
       { if (have) print line; line = $0; have = 1 } END { if (have) print line }' "$1" |
  sed -n 's/^\(olcAccess\|olcLimits\): *\({[0-9]*}\)\{0,1\}/\1: /p' |
  sed 's/[[:space:]]\{1,\}/ /g; s/dn\.exact=/dn.base=/g; s/ by \* break/ by * +0 break/g; s/ $//'
}

mode_in_sync() {
  # umin.ldif is exactly what schema2ldif.sh makes of umin.schema
  run "$SCHEMA_DIR/schema2ldif.sh" -o "$tmp/umin.ldif" "$SCHEMA_DIR/umin.schema"
  if [ "$rc" != 0 ]; then fail "schema2ldif.sh failed: $out"
  elif run diff -u "$SCHEMA_DIR/umin.ldif" "$tmp/umin.ldif"; [ "$rc" = 0 ]; then
    pass "umin.ldif equals schema2ldif.sh output"
  else fail "umin.ldif is stale, run ldap-schema/schema2ldif.sh -o ldap-schema/umin.ldif: $out"; fi

  # acl.ldif holds the same rules as acl.conf (slaptest converts acl.conf)
  mkdir "$tmp/conv" "$tmp/conv/slapd.d" "$tmp/conv/db"
  cat >"$tmp/conv/slapd.conf" <<EOF
include $SYS_SCHEMA/core.schema
include $SCHEMA_DIR/umin.schema
database ldif
suffix "dc=umin,dc=ac,dc=jp"
directory $tmp/conv/db
include $SCHEMA_DIR/acl.conf
EOF
  # (slaptest -u would not write slapd.d at all, hence the ldif database)
  run slaptest -Q -f "$tmp/conv/slapd.conf" -F "$tmp/conv/slapd.d"
  if [ "$rc" != 0 ]; then fail "slaptest rejects acl.conf: $out"; finish; fi
  pass "slaptest accepts acl.conf"
  acl_rules "$tmp/conv/slapd.d/cn=config/olcDatabase={1}ldif.ldif" >"$tmp/acl.conf.rules"
  acl_rules "$SCHEMA_DIR/acl.ldif" >"$tmp/acl.ldif.rules"
  if [ "$(wc -l <"$tmp/acl.conf.rules")" -lt 9 ]; then
    fail "acl.conf gave only $(wc -l <"$tmp/acl.conf.rules") rules: $(cat "$tmp/acl.conf.rules")"
  elif run diff -u "$tmp/acl.conf.rules" "$tmp/acl.ldif.rules"; [ "$rc" = 0 ]; then
    pass "acl.ldif has the same $(wc -l <"$tmp/acl.conf.rules") rules/limits as acl.conf"
  else fail "acl.ldif differs from acl.conf (- acl.conf, + acl.ldif): $out"; fi
  finish
}

tmp=$(mktemp -d /tmp/umst.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
case "${1:-}" in
  entries)   shift; mode_entries "$@";;
  acl)       shift; mode_acl "$@";;
  cn-config) shift; mode_cn_config;;
  in-sync)   shift; mode_in_sync;;
  *) echo "usage: $0 entries ENVFILE | acl ENVFILE | cn-config | in-sync" >&2; exit 2;;
esac
