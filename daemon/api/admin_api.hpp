// admin_api.hpp — the routes of the admin API (DESIGN §8): every account,
// list, password, route and status operation as JSON over HTTP. Handlers run
// on the store's single writer executor; a password is hashed there as it
// arrives and only a random one is ever returned (once, to its requester).
#pragma once
#include <functional>
#include <memory>

#include "core/config.hpp"
#include "base/clock.hpp"
#include "base/heartbeat.hpp"
#include "daemon/http/router.hpp"
#include "base/metrics.hpp"
#include "daemon/store/account_store.hpp"

namespace umind::api {

struct ApiContext {
  store::AccountStore& store;
  const Clock& clock;
  // The config in force (it changes on reload).
  std::function<std::shared_ptr<const Config>()> config;
  // Re-reads the YAML; returns {ok, message}.
  std::function<std::pair<bool, std::string>()> reload;
  // umind_api_requests_total{route,outcome} is counted here.
  Metrics& metrics;
  // Adds the other roles' state (LDAP sync, milter replica) to GET /v1/status.
  std::function<void(nlohmann::json&)> add_role_status = [](nlohmann::json&) {};
  // The writer thread's heartbeat: long writer tasks (an import) beat it.
  Heartbeat* writer_heartbeat = nullptr;
};

// Every route runs on `store_executor` (the single writer thread).
void add_admin_routes(Router& router, ApiContext& ctx, const boost::asio::any_io_executor& store_executor);

}  // namespace umind::api
