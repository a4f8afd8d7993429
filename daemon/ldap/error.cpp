// error.cpp — LDAP errors with code, text, diagnostic and matched DN.
#include "daemon/ldap/error.hpp"

#include <ldap.h>

namespace umind::ldap {
namespace {

std::string describe(int code, const std::string& what, const std::string& matched, const std::string& diagnostic) {
  std::string s = "ldap: " + what + ": " + ldap_err2string(code) + " (" + std::to_string(code) + ")";
  if (!diagnostic.empty()) s += ": " + diagnostic;
  if (!matched.empty()) s += " [matched " + matched + "]";
  return s;
}

}  // namespace

Error::Error(int code, const std::string& what, std::string matched_dn, const std::string& diagnostic)
    : std::runtime_error(describe(code, what, matched_dn, diagnostic)), code_(code), matched_dn_(std::move(matched_dn)) {}

bool Error::unavailable() const noexcept { return is_unavailable_code(code_); }

bool is_unavailable_code(int code) noexcept {
  return code == LDAP_SERVER_DOWN || code == LDAP_CONNECT_ERROR || code == LDAP_TIMEOUT || code == LDAP_BUSY ||
         code == LDAP_UNAVAILABLE;
}

bool is_entry_refusal_code(int code) noexcept {
  switch (code) {
    case LDAP_NO_SUCH_ATTRIBUTE:
    case LDAP_UNDEFINED_TYPE:
    case LDAP_INAPPROPRIATE_MATCHING:
    case LDAP_CONSTRAINT_VIOLATION:
    case LDAP_TYPE_OR_VALUE_EXISTS:
    case LDAP_INVALID_SYNTAX:
    case LDAP_NO_SUCH_OBJECT:
    case LDAP_INVALID_DN_SYNTAX:
    case LDAP_NAMING_VIOLATION:
    case LDAP_OBJECT_CLASS_VIOLATION:
    case LDAP_NOT_ALLOWED_ON_NONLEAF:
    case LDAP_NOT_ALLOWED_ON_RDN:
    case LDAP_ALREADY_EXISTS:
    case LDAP_NO_OBJECT_CLASS_MODS:
      return true;
    default:
      return false;
  }
}

}  // namespace umind::ldap
