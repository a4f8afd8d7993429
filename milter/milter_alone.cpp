// milter_alone.cpp — the small runtime of a milter-only umind.
#include "milter/milter_alone.hpp"

#include <csignal>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <systemd/sd-daemon.h>

#include "core/config_reload.hpp"
#include "daemon/config_file.hpp"
#include "daemon/daemon_signals.hpp"
#include "daemon/log.hpp"
#include "daemon/metrics/metrics_server.hpp"
#include "milter/milter_role.hpp"

namespace umind::milter {

namespace {

int serve(const Config& c, const std::string& config_path, const Clock& clock) {
  Metrics metrics;
  boost::asio::io_context io;
  MilterRole role(c, clock, metrics, [] { ::kill(::getpid(), SIGTERM); });
  std::optional<MetricsServer> metrics_server;
  if (!c.metrics.listen.empty()) {
    metrics_server.emplace(io, *parse_host_port(c.metrics.listen), metrics);
    log_info("metrics on http://" + metrics_server->address().to_string() + "/metrics");
  }
  DaemonSignals signals(
      io,
      [&] {
        auto loaded = load_config_file(config_path, HostCheck::check);
        if (auto* errors = std::get_if<std::vector<ConfigError>>(&loaded)) {
          log_error("reload refused, keeping the running configuration: " + format_errors(*errors));
          return;
        }
        const Config& fresh = std::get<Config>(loaded);
        role.reconfigure(fresh);
        configure_log(fresh.log);
        log_info("configuration reloaded from " + config_path + restart_note(c, fresh));
      },
      [&] {
        role.stop();
        if (metrics_server) metrics_server->stop();
      },
      "stopping the milter");
  role.start();
  sd_notify(0, "READY=1");
  log_info("umind ready (milter role only)");
  io.run();
  role.stop();
  if (role.stopped_on_its_own()) {
    log_error("umind stopped because the milter stopped on its own (exit 1, for a restart)");
    return 1;
  }
  log_info("umind stopped");
  return 0;
}

}  // namespace

int run_milter_alone(std::shared_ptr<const Config> config, const std::string& config_path, const Clock& clock) {
  configure_log(config->log);
  try {
    return serve(*config, config_path, clock);
  } catch (const std::exception& e) {
    log_error(std::string("cannot start: ") + e.what());
    return 1;
  }
}

}  // namespace umind::milter
