// milter_alone.hpp — umind with `roles: [milter]` only (an MX host next to a
// slapd replica): no store, no admin API; the milter role, metrics,
// SIGTERM/SIGINT to stop, SIGUSR1 to reload mail.* and milter.* rules, and
// systemd notification.
#pragma once
#include <memory>
#include <string>

#include "core/config.hpp"
#include "daemon/clock.hpp"

namespace umind::milter {

// Runs until SIGTERM/SIGINT; returns the process exit code.
int run_milter_alone(std::shared_ptr<const Config> config, const std::string& config_path, const Clock& clock);

}  // namespace umind::milter
