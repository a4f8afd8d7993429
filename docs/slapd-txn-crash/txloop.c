// txloop URI BINDDN PW ITER NOPS MODE : ITER transactions on one connection,
// each: txn start, NOPS writes carrying the txn control (sent pipelined, all
// acks awaited), txn end (commit) sent at once after the last ack.
// Env: GAP_US=N sleep N us between the last ack and the end; BARRIER=1 a WhoAmI round trip there.
// MODE m = modify (replace description on uid=t0..), a = add+delete pairs (alternating txns)
#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static LDAP* ld; static int cur_it;
static void die(const char* what, int rc) { fprintf(stderr, "after %d txns: %s: %d %s\n", cur_it, what, rc, ldap_err2string(rc)); exit(2); }
int main(int argc, char** argv) {
  if (argc < 7) { fprintf(stderr, "usage\n"); return 1; }
  int v = 3, rc; struct berval cred = {strlen(argv[3]), argv[3]};
  ldap_initialize(&ld, argv[1]); ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v);
  if ((rc = ldap_sasl_bind_s(ld, argv[2], LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL))) die("bind", rc);
  int iter = atoi(argv[4]), nops = atoi(argv[5]); char mode = argv[6][0];
  int gap_us = getenv("GAP_US") ? atoi(getenv("GAP_US")) : 0, barrier = getenv("BARRIER") != NULL;
  const char* base = "ou=people,dc=umin,dc=ac,dc=jp";
  for (int it = 0; it < iter; it++) { cur_it = it;
    struct berval* txn = NULL;
    if ((rc = ldap_txn_start_s(ld, NULL, NULL, &txn))) die("txn start", rc);
    LDAPControl c = {LDAP_CONTROL_TXN_SPEC, *txn, 1}; LDAPControl* cs[] = {&c, NULL};
    int ids[4096];
    for (int k = 0; k < nops; k++) {
      char dn[160], val[64], uid[32];
      snprintf(uid, sizeof uid, "t%d", k);
      snprintf(dn, sizeof dn, "uid=%s,%s", uid, base);
      snprintf(val, sizeof val, "iteration %d op %d", it, k);
      if (mode == 'm') {
        char* vv[] = {val, NULL};
        LDAPMod m = {LDAP_MOD_REPLACE, "description", {.modv_strvals = vv}}; LDAPMod* mods[] = {&m, NULL};
        rc = ldap_modify_ext(ld, dn, mods, cs, NULL, &ids[k]);
      } else if ((it & 1) == 0) {  // add
        char* oc[] = {"inetOrgPerson", NULL}; char* u[] = {uid, NULL};
        LDAPMod a = {LDAP_MOD_ADD, "objectClass", {.modv_strvals = oc}}, b = {LDAP_MOD_ADD, "uid", {.modv_strvals = u}},
                cc = {LDAP_MOD_ADD, "cn", {.modv_strvals = u}}, d = {LDAP_MOD_ADD, "sn", {.modv_strvals = u}};
        LDAPMod* mods[] = {&a, &b, &cc, &d, NULL};
        char dn2[160]; snprintf(dn2, sizeof dn2, "uid=x%s,%s", uid, base);
        char xu[40]; snprintf(xu, sizeof xu, "x%s", uid); u[0] = xu;
        rc = ldap_add_ext(ld, dn2, mods, cs, NULL, &ids[k]);
      } else {
        char dn2[160]; snprintf(dn2, sizeof dn2, "uid=xt%d,%s", k, base);
        rc = ldap_delete_ext(ld, dn2, cs, NULL, &ids[k]);
      }
      if (rc) die("send", rc);
    }
    for (int k = 0; k < nops; k++) {
      LDAPMessage* res; rc = ldap_result(ld, LDAP_RES_ANY, 1, NULL, &res);
      if (rc <= 0) { int e; ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &e); die("result", e); }
      int err = 0; ldap_parse_result(ld, res, &err, NULL, NULL, NULL, NULL, 1);
      if (err) fprintf(stderr, "iter %d ack error %d %s\n", it, err, ldap_err2string(err));
    }
    if (gap_us > 0) usleep(gap_us);  // let slapd's worker finish with the last queued op
    if (barrier) {  // a round trip on the same connection (WhoAmI) before the end
      struct berval* authz = NULL;
      if ((rc = ldap_whoami_s(ld, &authz, NULL, NULL))) die("whoami", rc);
      ber_bvfree(authz);
    }
    int failed = -1;
    rc = ldap_txn_end_s(ld, 1, txn, NULL, NULL, &failed);
    ber_bvfree(txn);
    if (rc && rc != LDAP_DECODING_ERROR) die("txn end", rc);
    if (rc) fprintf(stderr, "iter %d end rc=%d\n", it, rc);
  }
  printf("done %d txns\n", iter);
  ldap_unbind_ext_s(ld, NULL, NULL); return 0;
}
