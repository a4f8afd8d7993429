// handler_call.cpp — where handlers run and how their failures are mapped.
// Logs only method, path and the exception text of unexpected failures.
#include "daemon/http/handler_call.hpp"

#include "base/log.hpp"

#include <cstdio>

namespace umind::http_detail {

namespace net = boost::asio;

namespace {

void log_internal(const HttpRequest& req, const char* what) {
  log_error("api: " + req.method + " " + req.target + ": internal error: " + what);
}

}  // namespace

HttpResponse call_handler(const Router::Route& route, const HttpRequest& request) noexcept {
  try {
    try {
      return route.handler(request);
    } catch (const ApiError& e) {
      if (e.status < 400 || e.status > 599) {
        log_internal(request, ("ApiError with status " + std::to_string(e.status) + ": " + e.what()).c_str());
        return error_response(500, "internal", "internal error");
      }
      return error_response(e.status, e.code, e.what());
    } catch (const std::exception& e) {
      log_internal(request, e.what());
    } catch (...) {
      log_internal(request, "unknown exception");
    }
    return error_response(500, "internal", "internal error");
  } catch (...) {
    // Building the error itself failed (out of memory): still answer.
    return HttpResponse{500, nullptr};
  }
}

net::awaitable<HttpResponse> run_route(const Router::Route& route, HttpRequest request, net::io_context& io) {
  if (!route.options.executor) co_return call_handler(route, request);

  // While the handler runs elsewhere, no operation of `io` is pending for
  // this connection: hold work so io.run() does not return meanwhile.
  auto work = net::make_work_guard(io);
  auto initiate = [&route](auto handler, HttpRequest req) {
    net::post(*route.options.executor,
              [&route, handler = std::move(handler), req = std::move(req)]() mutable {
                HttpResponse response = call_handler(route, req);
                auto back = net::get_associated_executor(handler);
                net::post(back, [handler = std::move(handler), response = std::move(response)]() mutable {
                  handler(std::move(response));
                });
              });
  };
  co_return co_await net::async_initiate<const net::use_awaitable_t<>&, void(HttpResponse)>(
      initiate, net::use_awaitable, std::move(request));
}

}  // namespace umind::http_detail
