// runtime.cpp — wiring the roles together and living as a daemon.
#include "daemon/runtime.hpp"

#include <atomic>
#include <csignal>
#include <future>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "core/config_reload.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "daemon/api/admin_api.hpp"
#include "daemon/api/import_api.hpp"
#include "daemon/api/sync_api.hpp"
#include "daemon/config_file.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/http/token_file.hpp"
#include "daemon/daemon_signals.hpp"
#include "daemon/log.hpp"
#include "daemon/metrics/metrics_server.hpp"
#include "daemon/password_scheduler.hpp"
#include "daemon/store/account_store.hpp"
#include "daemon/sync/sync_role.hpp"
#include "milter/milter_role.hpp"

namespace umind {
namespace {

store::StorePolicy store_policy(const Config& c) {
  return {c.id_policy.patterns, c.id_policy.rename_lock, c.id_policy.forward_period, c.passwords.apply};
}

sync::SyncRoleConfig sync_role_config(const Config& c) {
  sync::SyncSettings settings;
  settings.tree = {c.ldap.base_dn, c.domain};
  settings.batch_size = c.sync.batch_size;
  return {c.store.path, c.ldap, settings, c.sync.reconcile_interval.approximate(), c.sync.max_delete_fraction};
}

class Runtime {
 public:
  Runtime(std::shared_ptr<const Config> config, RuntimeOptions options)
      : started_with_(config), config_(std::move(config)), options_(std::move(options)) {}

  int run() {
    const Config& c = *config_.load();
    configure_log(c.log);
    for (Role r : {Role::api, Role::sync})
      if (c.has_role(r) && !c.has_role(Role::store)) {
        log_error("the " + std::string(to_string(r)) + " role needs the store role in the same process");
        return 2;
      }
    if (!c.has_role(Role::store)) {
      log_error("roles: without the store role, only [milter] alone is possible (an MX host)");
      return 2;
    }
    store_ = std::make_unique<store::AccountStore>(c.store.path, store_policy(c));
    log_info("store " + c.store.path + " open");

    Router router;
    api::ApiContext ctx{*store_, *options_.clock, [this] { return config_.load(); }, [this] { return reload(); },
                        metrics_};
    if (c.has_role(Role::api)) api::add_admin_routes(router, ctx, store_io_.get_executor());
    std::unique_ptr<sync::SyncRole> sync_role;
    if (c.has_role(Role::sync)) {
      sync_role = std::make_unique<sync::SyncRole>(sync_role_config(c), metrics_);
      sync_role->start();
    }
    std::optional<milter::MilterRole> milter_role;  // libmilter stopping on its own stops umind, exit 1
    if (c.has_role(Role::milter)) {
      milter_ = &milter_role.emplace(c, *options_.clock, metrics_, [] { ::kill(::getpid(), SIGTERM); });
      milter_role->start();
    }
    ctx.add_role_status = [&sync_role, &milter_role](nlohmann::json& body) {
      if (sync_role) body["sync"] = api::sync_status_json(sync_role->status());
      if (milter_role) body["milter"] = milter_role->status();
    };
    boost::asio::thread_pool slow_api(1);  // sync now / reconcile: they wait for the directory
    if (c.has_role(Role::api)) api::add_sync_routes(router, sync_role.get(), [this] { return config_.load(); }, slow_api.get_executor());
    HttpServer server(http_io_, router, api::admin_http_limits());
    server_ = &server;
    if (c.has_role(Role::api)) {
      std::optional<std::string> token;
      if (!c.api.token_file.empty()) token = read_token_file(c.api.token_file);
      std::optional<gid_t> group;
      if (!c.api.socket_group.empty()) group = group_id(c.api.socket_group);
      ListenAddress bound = server.listen(c.api.listen, token, c.api.socket_mode, group);
      log_info("admin API listening on " + bound.to_string());
    }

    std::optional<MetricsServer> metrics_server;
    if (!c.metrics.listen.empty()) {
      describe_store_metrics();
      metrics_server.emplace(http_io_, *parse_host_port(c.metrics.listen), metrics_);
      log_info("metrics on http://" + metrics_server->address().to_string() + "/metrics");
    }
    PasswordScheduler scheduler(store_io_.get_executor(), *store_, *options_.clock, metrics_);
    scheduler.start();
    auto store_work = boost::asio::make_work_guard(store_io_);
    std::thread writer([this] { run_loop(store_io_, "store"); });

    DaemonSignals signals(
        http_io_, [this] { boost::asio::post(store_io_, [this] { reload(); }); },
        [&] {
          server.stop_accepting();
          if (milter_role) milter_role->stop();
          if (sync_role) sync_role->request_stop();  // a `sync now` waiting for the directory answers at once
          if (metrics_server) metrics_server->stop();
          watchdog_.cancel();
        },
        "finishing in-flight requests");
    start_watchdog();

    sd_notify(0, "READY=1");
    log_info("umind ready");
    std::thread second_http([this] { run_loop(http_io_, "http"); });
    run_loop(http_io_, "http");
    second_http.join();
    signals.cancel();
    boost::asio::post(store_io_, [&] { scheduler.stop(); });
    store_work.reset();
    writer.join();
    if (sync_role) sync_role->stop();
    slow_api.join();
    server_ = nullptr;
    if (milter_role && milter_role->stopped_on_its_own()) {
      log_error("umind stopped because the milter stopped on its own (exit 1, for a restart)");
      return 1;
    }
    log_info("umind stopped");
    return 0;
  }

 private:
  // Re-reads the YAML on the writer thread; an invalid file keeps the old config.
  std::pair<bool, std::string> reload() {
    auto loaded = load_config_file(options_.config_path, HostCheck::check);
    if (auto* errors = std::get_if<std::vector<ConfigError>>(&loaded)) {
      std::string message = "reload refused, keeping the running configuration: " + format_errors(*errors);
      if (!message.empty() && message.back() == '\n') message.pop_back();
      log_error(message);
      metrics_.add("umind_config_reloads_total", {{"result", "refused"}});
      return {false, message};
    }
    auto fresh = std::make_shared<const Config>(std::get<Config>(std::move(loaded)));
    std::string note = restart_note(*started_with_, *fresh);
    store_->set_policy(store_policy(*fresh));
    if (milter_ != nullptr) milter_->reconfigure(*fresh);
    configure_log(fresh->log);
    config_.store(fresh);
    metrics_.add("umind_config_reloads_total", {{"result", "ok"}});
    log_info("configuration reloaded from " + options_.config_path + note);
    return {true, "reloaded " + options_.config_path + note};
  }

  // Store gauges are read on the writer thread at scrape time.
  void describe_store_metrics() {
    metrics_.describe("umind_build_info", "gauge", "umind version");
    metrics_.set("umind_build_info", {{"version", version}}, 1);
    metrics_.describe("umind_accounts", "gauge", "accounts by status");
    metrics_.describe("umind_aliases", "gauge", "old addresses (renames and merges)");
    metrics_.describe("umind_lists", "gauge", "mailing lists");
    metrics_.describe("umind_pending_passwords", "gauge", "password changes waiting for their time");
    metrics_.describe("umind_journal_head", "gauge", "sequence number of the newest journal row");
    metrics_.describe("umind_config_reloads_total", "counter", "configuration reloads by result");
    metrics_.on_scrape([this](Metrics& m) {
      // Shared: a scrape that gives up after 5 s must not leave the writer
      // with a dangling promise.
      auto promise = std::make_shared<std::promise<store::StoreStatus>>();
      auto future = promise->get_future();
      boost::asio::post(store_io_, [this, promise] {
        try {
          promise->set_value(store_->status());
        } catch (...) {
          promise->set_exception(std::current_exception());
        }
      });
      if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) return;
      auto st = future.get();
      m.set("umind_accounts", {{"status", "active"}}, static_cast<double>(st.active));
      m.set("umind_accounts", {{"status", "merged"}}, static_cast<double>(st.merged));
      m.set("umind_accounts", {{"status", "deleted"}}, static_cast<double>(st.deleted));
      m.set("umind_aliases", {}, static_cast<double>(st.aliases));
      m.set("umind_lists", {}, static_cast<double>(st.lists));
      m.set("umind_pending_passwords", {}, static_cast<double>(st.pending_passwords));
      m.set("umind_journal_head", {}, static_cast<double>(st.journal_head));
    });
  }

  // The watchdog ping travels through the writer thread: a stuck writer
  // stops the pings and systemd restarts us.
  void start_watchdog() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
    auto period = std::chrono::microseconds(usec / 2);
    watchdog_.expires_after(period);
    watchdog_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      boost::asio::post(store_io_, [] { sd_notify(0, "WATCHDOG=1"); });
      start_watchdog();
    });
  }

  static void run_loop(boost::asio::io_context& io, const char* name) {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        log_error(std::string(name) + " loop: " + e.what());
      }
    }
  }

  const std::shared_ptr<const Config> started_with_;  // what the restart-only settings still are
  std::atomic<std::shared_ptr<const Config>> config_;
  Metrics metrics_;
  RuntimeOptions options_;
  boost::asio::io_context http_io_;
  boost::asio::io_context store_io_;
  boost::asio::steady_timer watchdog_{http_io_};
  std::unique_ptr<store::AccountStore> store_;
  HttpServer* server_ = nullptr;
  milter::MilterRole* milter_ = nullptr;
};

}  // namespace

int run_daemon(std::shared_ptr<const Config> config, RuntimeOptions options) {
  try {
    return Runtime(std::move(config), std::move(options)).run();
  } catch (const std::exception& e) {
    log_error(std::string("cannot start: ") + e.what());
    return 1;
  }
}

}  // namespace umind
