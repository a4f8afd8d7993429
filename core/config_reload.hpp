// config_reload.hpp — what a reload cannot change: the settings umind reads
// only at start (sockets, the store file, the directory connection, the
// sync's parameters), so a reload that changes them can say so by name.
#pragma once
#include <string>
#include <vector>

#include "core/config.hpp"

namespace umind {

// The dotted keys (e.g. "ldap.uri", "milter.listen") that differ between the
// running and the freshly loaded config and take effect only on restart.
std::vector<std::string> restart_only_changes(const Config& running, const Config& fresh);

// For the reload's log line: "" or " (ldap.uri, milter.listen take effect only on restart)".
std::string restart_note(const Config& running, const Config& fresh);

}  // namespace umind
