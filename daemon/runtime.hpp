// runtime.hpp — umind running: the roles of the config in one process, the
// store's single writer thread, the admin API, the password schedule,
// signals (SIGTERM stops gracefully, SIGUSR1 reloads; SIGHUP is left alone
// because libmilter treats it as stop) and systemd notification.
#pragma once
#include <memory>
#include <string>

#include "core/config.hpp"
#include "daemon/clock.hpp"

namespace umind {

struct RuntimeOptions {
  std::string config_path;
  std::unique_ptr<Clock> clock;
};

// Runs until SIGTERM/SIGINT; returns the process exit code.
int run_daemon(std::shared_ptr<const Config> config, RuntimeOptions options);

}  // namespace umind
