#!/bin/bash
# repro.sh [TRIES] [ITER] [NOPS] [MODE] [BINDAS]
# Each try: a fresh private slapd 2.5.13 (umind's fixture: mdb + syncprov +
# umind's ACLs), 64 entries uid=tN,ou=people, then ONE client connection that
# runs ITER LDAP transactions back to back: txn start; NOPS writes with the
# txn control (MODE m: replace description; a: add / delete alternately);
# wait for their acks; txn end (commit) sent immediately.
# Prints per try whether slapd died (and the core file, in /tmp/cores if
# core_pattern points there, else DIR/core; see common.sh).
# BINDAS root (default) = the rootdn; umind = cn=umind,ou=system (ACL-checked).
set -u
. "$(dirname "$0")/common.sh"
tries=${1:-5} iter=${2:-5000} nops=${3:-1} mode=${4:-m} as=${5:-root}
D=${D:-/tmp/umtxn1}
build txloop || exit 1
crashes=0
for ((t=1;t<=tries;t++)); do
  "$FIX" start "$D" >/dev/null || exit 1
  . "$D/env"
  "$here/seed.sh" "$D" 64
  dn=$LDAP_ROOTDN pw=$LDAP_ROOTPW
  if [ "$as" = umind ]; then
    dn="cn=umind,ou=system,$LDAP_BASE" pw=umind-bind-secret
    printf 'dn: %s\nchangetype: modify\nadd: objectClass\nobjectClass: simpleSecurityObject\n-\nadd: userPassword\nuserPassword: %s\n' "$dn" "$pw" |
      ldapmodify -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" >/dev/null
  fi
  start=$(date +%s.%N)
  out=$("$bin/txloop" "$LDAP_URI" "$dn" "$pw" "$iter" "$nops" "$mode" 2>&1 | tail -1)
  sleep 0.3
  el=$(echo "$(date +%s.%N) - $start" | bc)
  if slapd_alive; then
    echo "try $t: slapd alive ($out) ${el}s"
  else
    crashes=$((crashes+1))
    echo "try $t: SLAPD DIED ($out) ${el}s; core: $(slapd_core)"
  fi
  "$FIX" stop "$D" >/dev/null 2>&1
done
echo "crashes: $crashes of $tries tries (ITER=$iter NOPS=$nops MODE=$mode BIND=$as)"
