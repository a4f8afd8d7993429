// daemon_shell.hpp — umind as a daemon, written once for every role set
// (model: Kea's DControllerBase over DProcessBase): it builds the role
// components of the config and owns everything about living as a daemon —
// signals (SIGTERM/SIGINT stop, SIGUSR1 reloads, SIGHUP is ignored because
// libmilter takes it as stop), the reload (an invalid file keeps the running
// config), systemd notification (READY=1, RELOADING=1, STOPPING=1, and
// WATCHDOG=1 only while every role proves its threads alive), the metrics
// listener and the exit code: 0 stopped by a signal, 1 could not start or a
// role failed on its own (systemd restarts umind).
#pragma once
#include <memory>
#include <string>

#include "base/clock.hpp"
#include "core/config.hpp"

namespace umind {

struct ShellOptions {
  std::string config_path;
  std::unique_ptr<Clock> clock;
  std::string stall_file;  // tests only (--test-stall-file)
};

// Runs until SIGTERM/SIGINT or a role's failure; returns the exit code.
int run_daemon(std::shared_ptr<const Config> config, ShellOptions options);

}  // namespace umind
