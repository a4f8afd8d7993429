// import_api.hpp — POST /v1/import, the daemon side of `uminctl import`
// (DESIGN §2): a CSV or JSONL export of the old system, checked line by line
// and written all or nothing. Never echoes a password hash, in an answer or
// in the log.
#pragma once
#include <cstddef>

#include "daemon/api/admin_api.hpp"
#include "daemon/http/http_server.hpp"

namespace umind::api {

// The largest import body umind accepts (a 1M-account export is ~300 MB).
inline constexpr std::size_t import_body_limit = std::size_t{4} << 30;

// Adds POST /v1/import, run on `store_executor` (the single writer thread).
void add_import_route(Router& router, ApiContext& ctx, const boost::asio::any_io_executor& store_executor);

// The admin API server's limits: the defaults, and import_body_limit for the import.
HttpServerLimits admin_http_limits();

}  // namespace umind::api
