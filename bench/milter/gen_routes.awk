# gen_routes.awk — LDIF for bench/milter/run.sh: N people (live IDs) and N/10
# aliases (old addresses in their window), deterministic.
#   awk -v n=1000000 -v base=dc=umin,dc=ac,dc=jp -f gen_routes.awk > routes.ldif
function id(i) { return sprintf("u%07d-%s", i, substr("tkykytoskngyhokkyu", 1 + 3 * (i % 6), 3)) }
BEGIN {
  for (i = 0; i < n; i++) {
    printf "dn: uid=%s,ou=people,%s\nobjectClass: inetOrgPerson\nobjectClass: uminAccount\nuid: %s\ncn: %s\nsn: %s\nmail: %s@umin.ac.jp\n\n", id(i), base, id(i), id(i), id(i), id(i)
  }
  for (i = 0; i < n / 10; i++) {
    printf "dn: uid=old%07d-x,ou=aliases,%s\nobjectClass: uminAlias\nuid: old%07d-x\numinAliasOf: %s\numinForwardUntil: 20991231000000Z\numinForwardEnabled: TRUE\n\n", i, base, i, id(i * 7 % n)
  }
}
