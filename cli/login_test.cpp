// login_test.cpp — a real LDAP bind as the user, then their services.
#include "cli/login_test.hpp"

#include <ldap.h>

#include "cli/exit_codes.hpp"
#include "cli/password_input.hpp"
#include "core/ldap_names.hpp"
#include "core/text.hpp"
#include "daemon/ldap/connection.hpp"

namespace umind::cli {
namespace {

// IDs as they can exist in the directory (today's syntax or a legacy one):
// printable, no spaces, not empty, at most 64 characters.
bool plausible_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char ch : id) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c >= 0x7f) return false;
  }
  return true;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

int run_login_test(const Config& config, const std::string& id, bool indice, const Output& out) {
  const char* which = indice ? "indice" : "general";
  if (!plausible_id(id)) {
    out.emit({{"error", "bad_id"}, {"message", "not an ID: " + quote_value(id, 40)}},
             "uminctl: login-test: not an ID: " + quote_value(id, 40), true);
    return exit_usage;
  }
  auto password = read_password(indice ? "INDICE password: " : "password: ");
  if (!password || password->empty()) {
    out.emit({{"error", "no_password"}, {"message", "no password on stdin"}}, "uminctl: login-test: no password on stdin",
             true);
    return exit_usage;
  }
  LdapConfig as_user = config.ldap;
  as_user.bind_dn = indice ? ldap_names::indice_dn(config.ldap.base_dn, id) : ldap_names::people_dn(config.ldap.base_dn, id);
  as_user.bind_password_file.clear();
  try {
    auto conn = ldap::Connection::open(as_user, *password);
    std::vector<std::string> services;
    bool readable = false;
    if (!indice) {
      if (auto e = conn.read(as_user.bind_dn, {"uminService"})) {
        readable = true;
        if (auto it = e->attrs.find("uminService"); it != e->attrs.end()) services = it->second;
      }
    }
    std::string text = "OK: " + id + " binds with its " + which + " password at " + as_user.bind_dn;
    if (readable)
      text += "\n  granted services: " + (services.empty() ? std::string("(none)") : joined(services));
    else if (indice)
      text += "\n  (services are granted to the general login; an INDICE bind does not see them)";
    nlohmann::json doc = {{"id", id}, {"password", which}, {"ok", true}, {"dn", as_user.bind_dn}};
    if (readable) doc["services"] = services;
    out.emit(doc, text);
    return exit_ok;
  } catch (const ldap::Error& e) {
    if (e.code() == LDAP_INVALID_CREDENTIALS) {
      out.emit({{"id", id}, {"password", which}, {"ok", false}},
               "FAIL: " + id + " does not bind with that " + which + " password (or has no " + which + " login)");
      return exit_refused;
    }
    out.emit({{"error", "directory_unavailable"}, {"message", e.what()}}, std::string("uminctl: login-test: ") + e.what(),
             true);
    return e.unavailable() ? exit_unavailable : exit_refused;
  }
}

}  // namespace umind::cli
