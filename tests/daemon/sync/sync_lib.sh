# sync_lib.sh — for the sync tests: a private slapd (tests/fixtures/slapd.sh)
# with umind's production ACLs, umind binding as cn=umind,ou=system (the DN
# the ACLs let write), and small LDAP probes. Source after assert.sh and
# umind.sh; call sync_begin NAME [EXTRA_YAML].
SLAPD_FIXTURE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../fixtures" && pwd)/slapd.sh
export LDAPNOINIT=1

sync_begin() {   # sync_begin NAME [EXTRA_YAML]: all of the below
  sync_tmp "$1"
  sync_slapd
  sync_start_umind "${2:-}"
}

sync_tmp() {   # a world-traversable temp dir in $tmp, cleaned (and everything stopped) on exit
  tmp=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$tmp"
  trap 'sync_diagnose $?; umind_stop; "$SLAPD_FIXTURE" stop "$tmp/ldap" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
}

# On a failure, the end of umind's and slapd's logs (the temp dir is removed).
sync_diagnose() {
  [ "$1" = 0 ] && [ "${failures:-0}" = 0 ] && return 0
  echo "--- umind.log (last 40 lines)" >&2
  tail -n 40 "$tmp/umind/umind.log" >&2 2>/dev/null || true
  echo "--- slapd.log (last 20 lines)" >&2
  tail -n 20 "$tmp/ldap/slapd.log" >&2 2>/dev/null || true
}

# A private slapd in $tmp/ldap (seeded from $UMIN_BASE_LDIF if set), with a
# password for cn=umind,ou=system.
sync_slapd() {
  "$SLAPD_FIXTURE" start "$tmp/ldap" >/dev/null
  . "$tmp/ldap/env"
  BASE=$LDAP_BASE
  UMIND_DN="cn=umind,ou=system,$BASE"
  # umind's own DN gets a password (only the rootdn may set service passwords)
  echo 'umind-bind-secret' >"$tmp/ldap.pw"; chmod 600 "$tmp/ldap.pw"
  ldapmodify -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" >/dev/null <<LDIF
dn: $UMIND_DN
changetype: modify
add: objectClass
objectClass: simpleSecurityObject
-
add: userPassword
userPassword: umind-bind-secret
LDIF
}

# (Re)starts umind in $tmp/umind with the sync role toward the slapd;
# EXTRA_YAML is kept for later restarts.
sync_start_umind() {
  if [ $# -gt 0 ]; then SYNC_EXTRA=$1; fi
  UMIND_ROLES='store, api, sync' umind_start "$tmp/umind" "ldap: {uri: '$LDAP_URI', base_dn: '$BASE', bind_dn: '$UMIND_DN', bind_password_file: $tmp/ldap.pw, timeout: 5s}
${SYNC_EXTRA:-}"
}

# binds DN PASSWORD: exit 0 when a simple bind succeeds
binds() { ldapwhoami -x -H "$LDAP_URI" -D "$1" -w "$2" >/dev/null 2>&1; }
people() { echo "uid=$1,ou=people,$BASE"; }
indice() { echo "uid=$1,ou=indice,$BASE"; }

# attr DN ATTR: the values of ATTR (as the rootdn), one per line, sorted
attr() {
  ldapsearch -x -LLL -o ldif-wrap=no -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" -b "$1" -s base "($2=*)" "$2" 2>/dev/null |
    sed -n "s/^$2: //p" | sort
}
exists() { ldapsearch -x -LLL -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" -b "$1" -s base dn >/dev/null 2>&1; }

# eventually SECONDS CMD...: CMD succeeds within SECONDS (checked every 0.1 s)
eventually() {
  local limit=$1 i; shift
  for i in $(seq 1 $((limit * 10))); do "$@" && return 0; sleep 0.1; done
  return 1
}
check_eventually() {   # check_eventually SECONDS WHAT CMD...
  local limit=$1 what=$2; shift 2
  eventually "$limit" "$@" || fail "$what (not within $limit s)"
}
check_never() {   # check_never WHAT CMD...: CMD fails now
  local what=$1; shift
  if "$@"; then fail "$what"; fi
}
synced() { $CTL sync now >/dev/null 2>&1; }
