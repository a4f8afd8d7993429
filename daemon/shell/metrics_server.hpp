// metrics_server.hpp — serves GET /metrics (Prometheus text) on
// metrics.listen. Read-only, no authentication: bind it to loopback or a
// management network. Nothing else is served.
#pragma once
#include <memory>

#include <boost/asio/io_context.hpp>

#include "core/listen_address.hpp"
#include "base/metrics.hpp"

namespace umind {

class MetricsServer {
 public:
  // Starts accepting on `where` (HOST:PORT); the io_context runs it. Throws
  // on bind errors.
  MetricsServer(boost::asio::io_context& io, const ListenAddress& where, Metrics& metrics);
  // The bound address (the kernel's port when where.port was 0).
  const ListenAddress& address() const { return bound_; }
  // Stops accepting; a scrape in progress finishes (each connection serves one).
  void stop();

  struct Acceptor;  // the listening socket, shared with the accept loop

 private:
  std::shared_ptr<Acceptor> acceptor_;
  ListenAddress bound_;
};

}  // namespace umind
