// handler_call.hpp — internal to umind_http_server: runs a route's handler
// where the route says (inline, or posted to its executor with the response
// posted back) and maps its exceptions to responses. A handler's exception
// text never reaches the client unless it is an ApiError.
#pragma once
#include "daemon/http/asio.hpp"
#include "daemon/http/router.hpp"

namespace umind::http_detail {

// The handler's response; ApiError → its status and code; anything else →
// 500 {"error":"internal","message":"internal error"}, what() to stderr.
HttpResponse call_handler(const Router::Route& route, const HttpRequest& request) noexcept;

// Awaitable on a connection's strand: runs inline, or on route.options.executor
// (keeping `io` from running out of work meanwhile) and resumes on the strand.
boost::asio::awaitable<HttpResponse> run_route(const Router::Route& route, HttpRequest request,
                                               boost::asio::io_context& io);

}  // namespace umind::http_detail
