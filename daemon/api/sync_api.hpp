// sync_api.hpp — the sync routes of the admin API: GET /v1/sync/status,
// POST /v1/sync/now (waits until LDAP holds the journal's current head) and
// POST /v1/sync/reconcile. Without the sync role in this process they answer
// 503 no_sync_role. They run on their own executor: they may wait for the
// directory and must hold up neither the store's writer nor the HTTP threads.
#pragma once
#include <boost/asio/any_io_executor.hpp>

#include "daemon/http/router.hpp"
#include "daemon/sync/sync_role.hpp"

namespace umind::api {

// `sync` may be null (no sync role here).
void add_sync_routes(Router& router, sync::SyncRole* sync, const boost::asio::any_io_executor& executor);

}  // namespace umind::api
