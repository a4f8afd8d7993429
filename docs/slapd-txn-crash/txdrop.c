// txdrop URI BINDDN PW START COUNT DELAY_US : one connection; txn start; COUNT adds
// (uid=dSTART.., pipelined, all acks awaited); txn END (commit) sent WITHOUT waiting
// for its answer; after DELAY_US the process exits (kernel closes the socket, like a
// SIGKILLed client) while slapd is still executing the commit.
#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char** argv) {
  LDAP* ld; int v = 3, rc; struct berval cred = {strlen(argv[3]), argv[3]};
  ldap_initialize(&ld, argv[1]); ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v);
  if ((rc = ldap_sasl_bind_s(ld, argv[2], LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL))) { printf("bind %s\n", ldap_err2string(rc)); return 1; }
  int start = atoi(argv[4]), n = atoi(argv[5]), delay = atoi(argv[6]);
  struct berval* txn = NULL;
  if ((rc = ldap_txn_start_s(ld, NULL, NULL, &txn))) { printf("txn start %s\n", ldap_err2string(rc)); return 1; }
  LDAPControl c = {LDAP_CONTROL_TXN_SPEC, *txn, 1}; LDAPControl* cs[] = {&c, NULL};
  int inflight = 0;
  for (int i = start; i < start + n || inflight > 0;) {
    while (i < start + n && inflight < 256) {
      char dn[128], uid[32];
      snprintf(uid, sizeof uid, "d%d", i); snprintf(dn, sizeof dn, "uid=%s,ou=people,dc=umin,dc=ac,dc=jp", uid);
      char* oc[] = {"inetOrgPerson", NULL}; char* u[] = {uid, NULL};
      LDAPMod a = {LDAP_MOD_ADD, "objectClass", {.modv_strvals = oc}}, b = {LDAP_MOD_ADD, "uid", {.modv_strvals = u}},
              cc = {LDAP_MOD_ADD, "cn", {.modv_strvals = u}}, d = {LDAP_MOD_ADD, "sn", {.modv_strvals = u}};
      LDAPMod* mods[] = {&a, &b, &cc, &d, NULL}; int id;
      if ((rc = ldap_add_ext(ld, dn, mods, cs, NULL, &id))) { printf("send %s\n", ldap_err2string(rc)); return 1; }
      i++; inflight++;
    }
    LDAPMessage* res; rc = ldap_result(ld, LDAP_RES_ANY, 1, NULL, &res);
    if (rc <= 0) { printf("result rc=%d\n", rc); return 1; }
    ldap_msgfree(res); inflight--;
  }
  int msgid;
  if ((rc = ldap_txn_end(ld, 1, txn, NULL, NULL, &msgid))) { printf("end send %s\n", ldap_err2string(rc)); return 1; }
  usleep(delay);
  _exit(0);  // no unbind: the socket just closes
}
