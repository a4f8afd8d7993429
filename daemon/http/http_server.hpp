// http_server.hpp — the admin API transport (DESIGN §8): HTTP/1.1 with
// keep-alive and JSON bodies over unix sockets (access by file mode) and
// loopback TCP (bearer token). No business logic: it routes, parses, limits
// and maps errors; it never logs a body, a token or a handler's message.
//
// Threading. Run the io_context on 1–2 threads; every connection is a
// coroutine on its own strand, so one connection's steps never run in
// parallel. A route's handler runs inline on that strand unless the route
// names an executor (RouteOptions::executor, e.g. the store's single writer
// thread): then the request is posted there and the response posted back,
// while the server keeps the io_context alive and serves other connections.
// listen(), stop_accepting(), in_flight() and connections() may be called
// from any thread. The Router must outlive every run of the io_context.
#pragma once
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <sys/types.h>

#include <boost/asio/io_context.hpp>

#include "core/listen_address.hpp"
#include "daemon/http/router.hpp"

namespace umind {

struct HttpServerLimits {
  std::size_t max_body_bytes = 1 << 20;
  // Headers must arrive within this time (also the keep-alive idle time);
  // a body or a response write may stall this long between two reads/writes.
  std::chrono::seconds request_timeout{30};
  // More connections get 503 {"error":"busy"}; past twice this, a plain close.
  std::size_t max_connections = 256;
  // A listener with a token: a connection that has not yet shown it must
  // send its header within unauthenticated_timeout, and at most
  // max_unauthenticated such connections are kept (per peer address:
  // max_unauthenticated_per_peer); a newcomer past either closes the oldest,
  // its own peer's first. So slow clients without the token can never keep a
  // client with it out. Once a request carried the token, request_timeout applies.
  std::chrono::seconds unauthenticated_timeout{5};
  std::size_t max_unauthenticated = 64;
  std::size_t max_unauthenticated_per_peer = 16;
  // Route pattern ("/v1/import") or "METHOD pattern" ("POST /v1/import") → limit.
  std::map<std::string, std::size_t> body_limit_overrides;
};

namespace http_detail {
struct ServerState;
class Listener;
}  // namespace http_detail

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, const Router& router, HttpServerLimits limits = {});
  ~HttpServer();  // stops accepting and removes socket files
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Starts accepting on `where`; may be called for several addresses. Returns
  // the bound address (with the kernel's port when `where.port` is 0).
  // inet: a bearer token is required and the host must be loopback (no TLS);
  // unix: a stale socket file is replaced (a live one is an error), the file
  // gets `unix_mode` and `unix_group`; a token, if given, is required too.
  // A body_limit_overrides key naming no route of the Router is an error.
  // Throws std::invalid_argument / std::runtime_error / boost::system::system_error.
  ListenAddress listen(const ListenAddress& where, std::optional<std::string> bearer_token,
                       unsigned unix_mode = 0660, std::optional<gid_t> unix_group = {});

  // For SIGTERM: close the listeners (and remove socket files), close idle
  // connections; requests in flight finish and their connections then close.
  // After that the io_context's run() returns on its own.
  void stop_accepting();

  // Requests whose headers have arrived and whose response is not yet sent.
  std::size_t in_flight() const;
  // Open connections.
  std::size_t connections() const;

 private:
  void check_overrides() const;
  std::shared_ptr<http_detail::ServerState> state_;
};

}  // namespace umind
