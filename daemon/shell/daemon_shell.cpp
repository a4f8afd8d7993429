// daemon_shell.cpp — start, serve, reload, watchdog, stop.
#include "daemon/shell/daemon_shell.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <systemd/sd-daemon.h>

#include "base/config_file.hpp"
#include "base/log.hpp"
#include "base/run_loop.hpp"
#include "base/signals.hpp"
#include "core/config_reload.hpp"
#include "core/guarded_shared_ptr.hpp"
#include "core/version.hpp"
#include "daemon/shell/metrics_server.hpp"
#include "daemon/shell/role_set.hpp"

namespace umind {
namespace {

class DaemonShell {
 public:
  DaemonShell(std::shared_ptr<const Config> config, ShellOptions options)
      : started_with_(config), config_(std::move(config)), options_(std::move(options)),
        services_{*options_.clock, metrics_, io_, [this](std::string why) { fail(std::move(why)); }} {}

  int run() {
    const Config& c = *started_with_;
    configure_log(c.log);
    metrics_.describe("umind_build_info", "gauge", "umind version");
    metrics_.set("umind_build_info", {{"version", version}}, 1);
    metrics_.describe("umind_config_reloads_total", "counter", "configuration reloads by result");
    if (!start_roles(c)) return 1;
    if (!c.metrics.listen.empty()) {
      metrics_server_.emplace(io_, *parse_host_port(c.metrics.listen), metrics_);
      log_info("metrics on http://" + metrics_server_->address().to_string() + "/metrics");
    }
    signals_.emplace(io_, [this] { reload(); }, [this] { begin_stop(); });
    start_watchdog();
    notify("READY=1\nSTATUS=serving roles " + to_string(c.roles));
    log_info("umind " + std::string(version) + " ready, roles " + to_string(c.roles));

    std::thread second([this] { run_loop(io_, "main"); });
    run_loop(io_, "main");
    second.join();
    for (auto it = roles_.rbegin(); it != roles_.rend(); ++it) (*it)->stop();
    log_info(exit_code_ == 0 ? "umind stopped" : "umind stopped after a failure (exit 1, for a restart)");
    return exit_code_;
  }

 private:
  // Builds and starts the roles in order; on a failure stops those started.
  bool start_roles(const Config& c) {
    ShellControl control{[this] { return config_.load(); }, [this] { return reload(); },
                         [this](nlohmann::json& body) {
                           for (const auto& r : roles_) r->add_status(body);
                         }};
    std::size_t started = 0;
    try {
      roles_ = make_roles(c, services_, control, RoleSetOptions{options_.stall_file});
      for (; started < roles_.size(); ++started) roles_[started]->start();
      return true;
    } catch (const std::exception& e) {
      std::string role = started < roles_.size() ? std::string(roles_[started]->name()) + " role: " : "";
      log_error("cannot start: " + role + e.what());
    }
    for (std::size_t i = started; i-- > 0;) {
      roles_[i]->request_stop();
      roles_[i]->stop();
    }
    return false;
  }

  // SIGTERM, SIGINT or a failed role: stop taking work everywhere; the event
  // loop then runs out and run() stops the roles.
  void begin_stop() {
    if (stopping_.exchange(true)) return;
    notify("STOPPING=1");
    for (auto it = roles_.rbegin(); it != roles_.rend(); ++it) (*it)->request_stop();
    if (metrics_server_) metrics_server_->stop();
    watchdog_.cancel();
    if (signals_) signals_->cancel();
  }

  void fail(std::string why) {
    boost::asio::post(io_, [this, why = std::move(why)] {
      log_error("umind stops: " + why);
      exit_code_ = 1;
      begin_stop();
    });
  }

  // Re-reads the YAML (SIGUSR1, uminctl reload); an invalid file keeps the
  // running config. Any thread; one reload at a time.
  std::pair<bool, std::string> reload() {
    std::lock_guard lock(reload_mutex_);
    notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec()));
    auto loaded = load_config_file(options_.config_path, HostCheck::check);
    if (auto* errors = std::get_if<std::vector<ConfigError>>(&loaded)) {
      std::string message = "reload refused, keeping the running configuration: " + format_errors(*errors);
      if (!message.empty() && message.back() == '\n') message.pop_back();
      log_error(message);
      metrics_.add("umind_config_reloads_total", {{"result", "refused"}});
      notify("READY=1");
      return {false, message};
    }
    auto fresh = std::make_shared<const Config>(std::get<Config>(std::move(loaded)));
    std::string note = restart_note(*started_with_, *fresh);
    for (const auto& r : roles_) r->reconfigure(*fresh);
    configure_log(fresh->log);
    config_.store(fresh);
    metrics_.add("umind_config_reloads_total", {{"result", "ok"}});
    log_info("configuration reloaded from " + options_.config_path + note);
    notify("READY=1");
    return {true, "reloaded " + options_.config_path + note};
  }

  // WATCHDOG=1 every third of WatchdogSec, only while every role answers
  // check_alive with "" (the store's writer ran its probe, the milter's
  // listener and replica threads are alive).
  void start_watchdog() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
    watchdog_period_ = std::chrono::microseconds(usec / 3);
    log_info("systemd watchdog: proving the roles alive every " +
             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(watchdog_period_).count()) + " ms");
    arm_watchdog();
  }

  void arm_watchdog() {
    watchdog_.expires_after(watchdog_period_);
    watchdog_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      watchdog_tick();
      arm_watchdog();
    });
  }

  void watchdog_tick() {
    std::string stuck;
    for (const auto& r : roles_)
      if (std::string why = r->check_alive(watchdog_period_); !why.empty())
        stuck += (stuck.empty() ? "" : "; ") + std::string(r->name()) + " role: " + why;
    if (stuck.empty()) {
      if (was_stuck_) log_info("watchdog: every role is alive again; pinging systemd");
      was_stuck_ = false;
      notify("WATCHDOG=1");
      return;
    }
    if (!was_stuck_)
      log_error("watchdog: " + stuck + "; no WATCHDOG=1 until it recovers (systemd restarts umind after WatchdogSec)");
    was_stuck_ = true;
  }

  static std::uint64_t monotonic_usec() {
    auto t = std::chrono::steady_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(t).count());
  }

  static void notify(const std::string& state) { sd_notify(0, state.c_str()); }

  const std::shared_ptr<const Config> started_with_;  // what the restart-only settings still are
  GuardedSharedPtr<const Config> config_;
  ShellOptions options_;
  Metrics metrics_;
  boost::asio::io_context io_;
  RoleServices services_;
  std::vector<std::unique_ptr<RoleComponent>> roles_;
  std::optional<MetricsServer> metrics_server_;
  std::optional<DaemonSignals> signals_;
  boost::asio::steady_timer watchdog_{io_};
  std::chrono::steady_clock::duration watchdog_period_{};
  bool was_stuck_ = false;  // watchdog timer only
  std::mutex reload_mutex_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> exit_code_{0};
};

}  // namespace

int run_daemon(std::shared_ptr<const Config> config, ShellOptions options) {
  try {
    return DaemonShell(std::move(config), std::move(options)).run();
  } catch (const std::exception& e) {
    log_error(std::string("cannot start: ") + e.what());
    return 1;
  }
}

}  // namespace umind
