// error.hpp — an LDAP failure as an exception that keeps what an operator
// needs: the operation and DN, the result code and its text, the server's
// diagnostic and matched DN. Never carries a password.
#pragma once
#include <stdexcept>
#include <string>

namespace umind::ldap {

class Error : public std::runtime_error {
 public:
  // `what` names the operation and the DN: "add uid=x,ou=people,dc=…".
  Error(int code, const std::string& what, std::string matched_dn = {}, const std::string& diagnostic = {});
  int code() const noexcept { return code_; }
  const std::string& matched_dn() const noexcept { return matched_dn_; }
  // The server is gone or did not answer: reconnect and retry later.
  bool unavailable() const noexcept;

 private:
  int code_;
  std::string matched_dn_;
};

// The connection-level codes: server down, connect error, timeout, busy,
// unavailable.
bool is_unavailable_code(int code) noexcept;

// The codes by which a server refuses one entry for what it is (schema,
// syntax, naming, constraint, a missing or existing entry or value): another
// write can still succeed. Every other failure (unwilling, access, busy,
// unavailable, limits, "other" such as a full database) says nothing about the
// entry, so the sync must stop and retry rather than skip past it.
bool is_entry_refusal_code(int code) noexcept;

}  // namespace umind::ldap
