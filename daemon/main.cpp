// main.cpp — the umind daemon's entry point: the command line, loading and
// checking the config, then the daemon shell (daemon/shell) for whatever
// roles it names. Exit codes: 0 ok (stopped by SIGTERM), 1 could not start
// or a role failed, 2 invalid config or usage.
#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <sys/stat.h>

#include "core/version.hpp"
#include "base/config_file.hpp"
#include "daemon/shell/daemon_shell.hpp"

int main(int argc, char** argv) {
  CLI::App app{"umind — UMIN account directory and mail routing daemon"};
  std::string config_path = umind::default_config_path;
  bool check_only = false;
  bool show_version = false;
  std::string fake_clock, stall_file;
  app.add_option("-c,--config", config_path, "configuration file")->capture_default_str();
  app.add_flag("--check-config", check_only, "validate the configuration and exit (0 valid, 2 invalid)");
  app.add_flag("--version", show_version, "print the version and exit");
  app.add_option("--fake-clock", fake_clock, "TESTS ONLY: read the business clock from this file (ISO 8601)")
      ->group("");
  app.add_option("--test-stall-file", stall_file,
                 "TESTS ONLY: while this file exists, the store's writer thread stalls at each watchdog probe")
      ->group("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  // Before any file exists: whatever umind creates (store, heartbeat, logs)
  // is closed to others even where systemd's UMask=0027 does not apply. The
  // sockets get their modes explicitly.
  ::umask(0027);
  if (show_version) {
    std::cout << "umind " << umind::version << "\n";
    return 0;
  }
  auto result = umind::load_config_file(config_path, umind::HostCheck::check);
  if (auto* errors = std::get_if<std::vector<umind::ConfigError>>(&result)) {
    std::cerr << umind::format_errors(*errors);
    return 2;
  }
  if (check_only) {
    std::cout << config_path << ": configuration is valid\n";
    return 0;
  }
  // libldap writes to its socket with write(2): if slapd has just died, the
  // kernel's SIGPIPE would end umind without a word. Ignored, the write
  // fails with EPIPE and the sync reconnects. Before any thread starts.
  std::signal(SIGPIPE, SIG_IGN);
  umind::ShellOptions options{config_path,
                              fake_clock.empty() ? umind::system_clock() : umind::file_clock(fake_clock), stall_file};
  auto config = std::make_shared<const umind::Config>(std::get<umind::Config>(std::move(result)));
  return umind::run_daemon(std::move(config), std::move(options));
}
