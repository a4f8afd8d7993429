// role.hpp — what the daemon shell asks of every role (store, api, sync,
// milter): start, stop in two steps, take a reloaded config, report status,
// prove its threads alive for the watchdog, and say when it failed on its
// own. Model: Kea's DProcessBase under DControllerBase — the role does the
// work, the shell owns signals, systemd notification, metrics serving,
// reload and exit codes, once for every role set.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "base/clock.hpp"
#include "base/metrics.hpp"
#include "core/config.hpp"

namespace umind {

// What the shell lends every role.
struct RoleServices {
  const Clock& clock;
  Metrics& metrics;
  // The shell's event loop (two threads): the API's and the metrics'
  // listeners run here, beside signals and the watchdog.
  boost::asio::io_context& io;
  // The role has failed and cannot go on (libmilter stopped by itself): the
  // shell stops every role and exits 1 so that systemd restarts umind. Any
  // thread; returns at once.
  std::function<void(std::string why)> fail;
};

class RoleComponent {
 public:
  virtual ~RoleComponent() = default;

  virtual std::string_view name() const noexcept = 0;
  // Opens what the role serves; throws naming what could not be opened
  // (umind then exits 1). Roles start in the order store, sync, milter, api.
  virtual void start() = 0;
  // Stop taking new work (close listeners, wake waiters). Never blocks.
  virtual void request_stop() noexcept {}
  // Finish in-flight work and join the role's threads (bounded). Roles stop
  // in the reverse of the start order.
  virtual void stop() = 0;
  // Takes the settings of a reloaded config that apply without a restart.
  virtual void reconfigure(const Config& /*fresh*/) {}
  // Adds this role's part to `uminctl status` (GET /v1/status).
  virtual void add_status(nlohmann::json& /*body*/) const {}
  // Called on every watchdog tick (every `period`) on the shell's thread:
  // "" when every thread of the role has shown progress recently enough,
  // else what is stuck. A role may post a probe to its threads here.
  virtual std::string check_alive(std::chrono::steady_clock::duration /*period*/) { return {}; }
};

}  // namespace umind
