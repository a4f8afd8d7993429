// http_session.hpp — internal to umind_http_server: starts the coroutine
// that serves one accepted connection (HTTP/1.1 keep-alive loop, limits,
// timeouts, auth, Expect: 100-continue). It never logs bodies or tokens.
#pragma once
#include <memory>

#include "daemon/http/asio.hpp"
#include "daemon/http/bearer_token.hpp"
#include "daemon/http/server_state.hpp"

namespace umind::http_detail {

// `token` null: no Authorization needed. `busy`: over max_connections, the
// connection gets 503 and is closed.
void start_session(std::shared_ptr<ServerState> state, boost::asio::ip::tcp::socket socket,
                   std::shared_ptr<const BearerToken> token, bool busy);
void start_session(std::shared_ptr<ServerState> state, boost::asio::local::stream_protocol::socket socket,
                   std::shared_ptr<const BearerToken> token, bool busy);

}  // namespace umind::http_detail
