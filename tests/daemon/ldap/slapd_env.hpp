// slapd_env.hpp — the private slapd of a CTest fixture (tests/fixtures/slapd.sh)
// as seen by a Catch2 test: reads the env file named by $SLAPD_ENV.
#pragma once
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "core/config.hpp"

namespace umind::test {

inline std::map<std::string, std::string> slapd_env() {
  const char* path = std::getenv("SLAPD_ENV");
  if (path == nullptr) throw std::runtime_error("SLAPD_ENV is not set: run through ctest (slapd fixture)");
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  std::map<std::string, std::string> env;
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

// ldap: settings for the fixture's rootdn over TCP (simple bind).
inline LdapConfig rootdn_config() {
  auto env = slapd_env();
  LdapConfig c;
  c.uri = env.at("LDAP_URI");
  c.base_dn = env.at("LDAP_BASE");
  c.bind_dn = env.at("LDAP_ROOTDN");
  c.timeout = std::chrono::seconds(5);
  return c;
}

inline std::string rootdn_password() { return slapd_env().at("LDAP_ROOTPW"); }

}  // namespace umind::test
