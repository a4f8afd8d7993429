// login_test.hpp — `uminctl login-test ID [--indice]` (DESIGN §2, FAQ §2.5):
// binds to LDAP exactly as an SSO service would (uid=ID,ou=people or
// ou=indice, the password read from stdin), says OK or FAIL, and on success
// which services the ID is granted. Needs no daemon, only ldap.uri and
// ldap.base_dn from the config. Exit 0 OK, 1 FAIL, 2 bad ID, 4 no directory.
#pragma once
#include <string>

#include "cli/output.hpp"
#include "core/config.hpp"

namespace umind::cli {

int run_login_test(const Config& config, const std::string& id, bool indice, const Output& out);

}  // namespace umind::cli
