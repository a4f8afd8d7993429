#!/bin/bash
# repro_drop.sh [TRIES] [COUNT] [DELAY_US]: fresh slapd per try; a client commits a
# COUNT-add transaction and disconnects (exits) DELAY_US after sending the commit.
set -u
. "$(dirname "$0")/common.sh"
tries=${1:-10} count=${2:-1000} delay=${3:-2000}
D=${D:-/tmp/umtxn2}
build txdrop || exit 1
crashes=0
for ((t=1;t<=tries;t++)); do
  "$FIX" start "$D" >/dev/null || exit 1
  . "$D/env"
  "$bin/txdrop" "$LDAP_URI" "$LDAP_ROOTDN" "$LDAP_ROOTPW" 0 "$count" "$delay"
  sleep 1
  n=$(ldapsearch -x -LLL -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" -b "ou=people,$LDAP_BASE" '(uid=d*)' dn 2>/dev/null | grep -c '^dn:')
  if slapd_alive; then echo "try $t: alive, $n of $count entries committed"
  else crashes=$((crashes+1)); echo "try $t: SLAPD DIED; core: $(slapd_core)"; fi
  "$FIX" stop "$D" >/dev/null 2>&1
done
echo "crashes: $crashes of $tries tries (COUNT=$count DELAY_US=$delay)"
