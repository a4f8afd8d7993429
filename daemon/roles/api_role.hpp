// api_role.hpp — the `api` role: the admin API of DESIGN §8 on api.listen
// (unix socket by file mode and group, or loopback TCP with a bearer token).
// Account routes run on the store's writer thread, sync routes on a thread
// of their own (they wait for the directory), the transport on the shell's
// event loop.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <boost/asio/thread_pool.hpp>

#include "base/role.hpp"
#include "daemon/api/admin_api.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/roles/store_role.hpp"
#include "daemon/sync/sync_role.hpp"

namespace umind {

// What the API asks of the daemon shell.
struct ShellControl {
  std::function<std::shared_ptr<const Config>()> config;     // the config in force
  std::function<std::pair<bool, std::string>()> reload;      // re-read the YAML
  std::function<void(nlohmann::json&)> add_role_status;      // every role's part of GET /v1/status
};

class ApiRole final : public RoleComponent {
 public:
  // `sync` may be null (no sync role in this process: its routes answer 503).
  ApiRole(const Config& c, RoleServices& services, StoreRole& store, sync::SyncRole* sync, ShellControl control);
  ~ApiRole() override;

  std::string_view name() const noexcept override { return "api"; }
  void start() override;  // registers the routes, opens api.listen
  void request_stop() noexcept override;  // closes the listener; requests in flight finish
  void stop() override;

 private:
  ApiConfig cfg_;
  RoleServices& services_;
  StoreRole& store_;
  sync::SyncRole* sync_;
  ShellControl control_;
  Router router_;
  std::optional<api::ApiContext> ctx_;
  boost::asio::thread_pool slow_{1};  // sync now / reconcile
  std::optional<HttpServer> server_;
};

}  // namespace umind
