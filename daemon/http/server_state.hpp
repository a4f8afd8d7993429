// server_state.hpp — internal to umind_http_server: what the listeners and
// the connections of one HttpServer share (limits, router, counters, the set
// of open connections for a graceful stop). Holds no sockets itself and
// never calls a handler.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "daemon/http/http_server.hpp"
#include "daemon/http/unauthenticated.hpp"

namespace umind::http_detail {

class Listener;

// What stop_accepting needs from a connection.
class SessionHandle {
 public:
  virtual ~SessionHandle() = default;
  // Closes the connection if it is waiting for a request; a busy one finishes.
  virtual void close_if_idle() = 0;
  // Closes the connection unless it has shown the token meanwhile (it was
  // displaced from UnauthenticatedConnections). Sends nothing.
  virtual void close_unauthenticated() = 0;
};

struct ServerState {
  ServerState(boost::asio::io_context& io_context, const Router& route_table, HttpServerLimits l)
      : io(io_context),
        router(route_table),
        limits(std::move(l)),
        unauthenticated(limits.max_unauthenticated, limits.max_unauthenticated_per_peer) {}

  boost::asio::io_context& io;
  const Router& router;
  const HttpServerLimits limits;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> in_flight{0};
  std::atomic<std::uint64_t> next_session_id{0};
  UnauthenticatedConnections unauthenticated;

  using SessionList = std::list<std::weak_ptr<SessionHandle>>;

  // nullopt when stopping (the caller closes the connection).
  std::optional<SessionList::iterator> add_session(std::weak_ptr<SessionHandle> s);
  void remove_session(SessionList::iterator it);
  std::size_t session_count() const;
  // Sets stopping and returns the sessions to close.
  std::vector<std::shared_ptr<SessionHandle>> begin_stop();

  // The limit for a route (null: no route matched → the default).
  std::size_t body_limit_for(const Router::Route* route) const;

  // The server's listeners (they hold the state, the state holds them until stop).
  std::mutex listeners_mu;
  std::vector<std::shared_ptr<Listener>> listeners;

 private:
  mutable std::mutex mu_;
  SessionList sessions_;
};

}  // namespace umind::http_detail
