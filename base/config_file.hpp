// config_file.hpp — reading umind.yaml from disk for umind and uminctl: the
// I/O half of config loading (the parsing half is core/config). Secret files
// named by *_file keys are checked for existence and readability here and
// never read into a log or message; group names are looked up.
#pragma once
#include <string>

#include <sys/types.h>

#include "core/config.hpp"

namespace umind {

inline constexpr const char* default_config_path = "/etc/umind/umind.yaml";

// check: secret files must be readable, closed to others (no bits for
// others, no group write) and, for api.token_file, hold a token the daemon
// takes; groups must exist on this host
// (umind, --check-config); skip: uminctl, which only needs the addresses.
enum class HostCheck { check, skip };

// Loads and validates FILE. A file that cannot be read gives one error
// "FILE:1:1: (file): cannot read: <reason>".
ConfigResult load_config_file(const std::string& path, HostCheck host);

// uminctl's rule (DESIGN §2): an explicit -c FILE must exist; without -c the
// default path is used if present, else the built-in defaults apply.
ConfigResult load_cli_config(const std::string& explicit_path);

// The gid of a group name; throws std::runtime_error("no such group", …).
gid_t group_id(const std::string& name);

// "FILE:L:C: key: message" lines, one per error, newline-terminated.
std::string format_errors(const std::vector<ConfigError>& errors);

}  // namespace umind
