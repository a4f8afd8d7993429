// pipeline.hpp — many LDAP writes in flight on one connection: each call
// sends its request at once (libldap encodes it immediately) and returns;
// at most `window` wait for an answer, so slapd's worker threads all have
// work and no write waits for a round trip of the one before. Each result
// goes to its callback, on the calling thread, in the order slapd answers;
// a callback may send follow-up operations (e.g. modify after "already
// exists"). Writes to the same DN that depend on each other must be chained
// through callbacks — the pipeline itself does not order them.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <ldap.h>

#include "daemon/ldap/connection.hpp"

namespace umind::ldap {

class Pipeline {
 public:
  using Done = std::function<void(const Result&)>;

  Pipeline(Connection& conn, std::size_t window) : conn_(conn), window_(window == 0 ? 1 : window) {}
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  void add(const LdapEntry& e, Done done);
  void modify(const std::string& dn, const std::vector<Mod>& mods, Done done);
  void remove(const std::string& dn, Done done);
  // ModRDN: `dn` gets the RDN `new_rdn` (old RDN value deleted), same parent.
  void rename(const std::string& dn, const std::string& new_rdn, Done done);

  // Waits until every operation (and every follow-up) has been answered.
  // Throws Error when the connection fails or a result is late beyond the
  // timeout; operations still in flight then have unknown outcomes.
  void drain();
  std::size_t in_flight() const noexcept { return pending_.size(); }

 private:
  void sent(int rc, int msgid, const std::string& what, Done done);
  void wait_one();
  Connection& conn_;
  std::size_t window_;
  std::unordered_map<int, Done> pending_;
};

}  // namespace umind::ldap
