// directory_status.hpp — `uminctl status` on a host without the admin API (an
// MX host, roles: [milter]): how old this host's directory is, read straight
// from ldap.uri — the uminHeartbeat the central sync role wrote, as it
// arrived here through syncrepl — with the config's own LDAP credentials.
#pragma once
#include "cli/output.hpp"
#include "core/config.hpp"

namespace umind::cli {

// 0 with the heartbeat's age; 4 when the directory cannot be read.
int run_directory_status(const Config& config, const Output& out);

}  // namespace umind::cli
