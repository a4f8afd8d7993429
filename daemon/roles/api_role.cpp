// api_role.cpp — routes, listener and the slow-route thread.
#include "daemon/roles/api_role.hpp"

#include "base/config_file.hpp"
#include "base/log.hpp"
#include "daemon/api/import_api.hpp"
#include "daemon/api/sync_api.hpp"
#include "daemon/http/token_file.hpp"

namespace umind {

ApiRole::ApiRole(const Config& c, RoleServices& services, StoreRole& store, sync::SyncRole* sync, ShellControl control)
    : cfg_(c.api), services_(services), store_(store), sync_(sync), control_(std::move(control)) {}

ApiRole::~ApiRole() { stop(); }

void ApiRole::start() {
  ctx_.emplace(api::ApiContext{store_.store(), services_.clock, control_.config, control_.reload, services_.metrics,
                               control_.add_role_status, &store_.writer_heartbeat()});
  api::add_admin_routes(router_, *ctx_, store_.executor());
  api::add_sync_routes(router_, sync_, control_.config, slow_.get_executor());
  server_.emplace(services_.io, router_, api::admin_http_limits());
  std::optional<std::string> token;
  if (!cfg_.token_file.empty()) token = read_token_file(cfg_.token_file);
  std::optional<gid_t> group;
  if (!cfg_.socket_group.empty()) group = group_id(cfg_.socket_group);
  ListenAddress bound = server_->listen(cfg_.listen, token, cfg_.socket_mode, group);
  log_info("admin API listening on " + bound.to_string());
}

void ApiRole::request_stop() noexcept {
  if (server_) server_->stop_accepting();
}

void ApiRole::stop() {
  request_stop();
  slow_.join();
}

}  // namespace umind
