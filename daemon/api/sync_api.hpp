// sync_api.hpp — the sync routes of the admin API: GET /v1/sync/status,
// POST /v1/sync/now (waits until LDAP holds the journal's current head),
// POST /v1/sync/reconcile and GET /v1/export.ldif. Without the sync role in this process they answer
// 503 no_sync_role. They run on their own executor: they may wait for the
// directory and must hold up neither the store's writer nor the HTTP threads.
#pragma once
#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "daemon/http/router.hpp"
#include "daemon/sync/sync_role.hpp"

namespace umind::api {

// `sync` may be null (no sync role here); GET /v1/export.ldif (uminctl
// export-ldif) needs only the store and the config in force.
void add_sync_routes(Router& router, sync::SyncRole* sync, std::function<std::shared_ptr<const Config>()> config,
                     const boost::asio::any_io_executor& executor);

}  // namespace umind::api
