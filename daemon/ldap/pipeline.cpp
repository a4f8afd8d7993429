// pipeline.cpp — asynchronous libldap writes with a bounded window.
#include "daemon/ldap/pipeline.hpp"

#include <ldap.h>
#include <sys/time.h>

namespace umind::ldap {

void Pipeline::sent(int rc, int msgid, const std::string& what, Done done) {
  if (rc != LDAP_SUCCESS) {
    int err = rc;
    ldap_get_option(conn_.native(), LDAP_OPT_RESULT_CODE, &err);
    throw Error(err, what);
  }
  pending_.emplace(msgid, std::move(done));
  while (pending_.size() >= window_) wait_one();
}

void Pipeline::add(const LdapEntry& e, Done done) {
  ModList mods(e);
  int msgid = 0;
  int rc = ldap_add_ext(conn_.native(), e.dn.c_str(), mods.get(), nullptr, nullptr, &msgid);
  sent(rc, msgid, "add " + e.dn, std::move(done));
}

void Pipeline::modify(const std::string& dn, const std::vector<Mod>& m, Done done) {
  ModList mods(m);
  int msgid = 0;
  int rc = ldap_modify_ext(conn_.native(), dn.c_str(), mods.get(), nullptr, nullptr, &msgid);
  sent(rc, msgid, "modify " + dn, std::move(done));
}

void Pipeline::remove(const std::string& dn, Done done) {
  int msgid = 0;
  int rc = ldap_delete_ext(conn_.native(), dn.c_str(), nullptr, nullptr, &msgid);
  sent(rc, msgid, "delete " + dn, std::move(done));
}

void Pipeline::rename(const std::string& dn, const std::string& new_rdn, Done done) {
  int msgid = 0;
  int rc = ldap_rename(conn_.native(), dn.c_str(), new_rdn.c_str(), nullptr, 1, nullptr, nullptr, &msgid);
  sent(rc, msgid, "rename " + dn + " to " + new_rdn, std::move(done));
}

void Pipeline::wait_one() {
  timeval tv{conn_.timeout_seconds(), 0};
  LDAPMessage* raw = nullptr;
  int type = ldap_result(conn_.native(), LDAP_RES_ANY, LDAP_MSG_ALL, &tv, &raw);
  Message m(raw);
  if (type == 0) throw Error(LDAP_TIMEOUT, "waiting for " + std::to_string(pending_.size()) + " results");
  if (type < 0) {
    int err = LDAP_SERVER_DOWN;
    ldap_get_option(conn_.native(), LDAP_OPT_RESULT_CODE, &err);
    throw Error(err, "waiting for " + std::to_string(pending_.size()) + " results");
  }
  auto it = pending_.find(ldap_msgid(m.get()));
  if (it == pending_.end()) return;  // not ours (e.g. a notice of disconnection)
  Done done = std::move(it->second);
  pending_.erase(it);
  done(parse_result(conn_.native(), m.get()));
}

void Pipeline::drain() {
  while (!pending_.empty()) wait_one();
}

}  // namespace umind::ldap
