// listener.hpp — internal to umind_http_server: binds a unix or TCP socket
// and runs its accept loop, handing each connection to a session. It never
// reads a request itself and never binds TCP beyond loopback.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include <sys/types.h>

#include "core/listen_address.hpp"
#include "daemon/http/bearer_token.hpp"
#include "daemon/http/server_state.hpp"

namespace umind::http_detail {

class Listener {
 public:
  virtual ~Listener() = default;
  // Removes the socket file (unix, if still ours) at once and closes the
  // acceptor on its strand. Any thread; idempotent.
  virtual void close() = 0;
};

// Binds and starts accepting. `bound` gets the actual address (kernel port).
std::shared_ptr<Listener> start_tcp_listener(const std::shared_ptr<ServerState>& state, const ListenAddress& where,
                                             std::shared_ptr<const BearerToken> token, ListenAddress& bound);
std::shared_ptr<Listener> start_unix_listener(const std::shared_ptr<ServerState>& state, const std::string& path,
                                              unsigned mode, std::optional<gid_t> group,
                                              std::shared_ptr<const BearerToken> token);

}  // namespace umind::http_detail
