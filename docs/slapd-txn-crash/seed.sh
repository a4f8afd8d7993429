#!/bin/bash
# seed.sh DIR N: entries uid=t0..t(N-1) under ou=people
. "$1/env"
for ((i=0;i<$2;i++)); do printf 'dn: uid=t%d,ou=people,dc=umin,dc=ac,dc=jp\nobjectClass: inetOrgPerson\nuid: t%d\ncn: t%d\nsn: t%d\n\n' $i $i $i $i; done |
  ldapadd -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" >/dev/null
