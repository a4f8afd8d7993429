// milter_alone.cpp — the small runtime of a milter-only umind.
#include "milter/milter_alone.hpp"

#include <atomic>
#include <csignal>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <systemd/sd-daemon.h>

#include "daemon/config_file.hpp"
#include "daemon/log.hpp"
#include "daemon/metrics/metrics_server.hpp"
#include "milter/milter_role.hpp"

namespace umind::milter {

namespace {

int serve(const Config& c, const std::string& config_path, const Clock& clock) {
  Metrics metrics;
  boost::asio::io_context io;
  std::atomic<bool> milter_failed{false};  // libmilter stopped on its own: exit 1 so systemd restarts us
  MilterRole role(c, clock, metrics, [&milter_failed] {
    milter_failed = true;
    ::kill(::getpid(), SIGTERM);
  });
  std::optional<MetricsServer> metrics_server;
  if (!c.metrics.listen.empty()) {
    metrics_server.emplace(io, *parse_host_port(c.metrics.listen), metrics);
    log_info("metrics on http://" + metrics_server->address().to_string() + "/metrics");
  }
  boost::asio::signal_set signals(io, SIGTERM, SIGINT, SIGUSR1);
  signals.add(SIGHUP);  // caught so that it neither kills umind nor reaches libmilter (which would stop)
  std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec,
                                                                             int signo) {
    if (ec) return;
    if (signo == SIGHUP) {
      log_warning("SIGHUP ignored: reload with SIGUSR1 or `uminctl reload`, stop with SIGTERM");
      signals.async_wait(on_signal);
      return;
    }
    if (signo == SIGUSR1) {
      auto loaded = load_config_file(config_path, HostCheck::check);
      if (auto* errors = std::get_if<std::vector<ConfigError>>(&loaded)) {
        log_error("reload refused, keeping the running configuration: " + format_errors(*errors));
      } else {
        const Config& fresh = std::get<Config>(loaded);
        role.reconfigure(fresh);
        configure_log(fresh.log);
        log_info("configuration reloaded from " + config_path + " (milter.listen and ldap.* take effect on restart)");
      }
      signals.async_wait(on_signal);
      return;
    }
    log_info(std::string("signal ") + (signo == SIGTERM ? "TERM" : "INT") + ": stopping the milter");
    sd_notify(0, "STOPPING=1");
    role.stop();
    if (metrics_server) metrics_server->stop();
  };
  signals.async_wait(on_signal);
  role.start();
  sd_notify(0, "READY=1");
  log_info("umind ready (milter role only)");
  io.run();
  role.stop();
  if (milter_failed) {
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
