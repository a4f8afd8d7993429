// peer_identity.hpp — internal to umind_http_server: who is at the other end
// of a connection, as far as umind can know it rather than be told it: the
// peer's address (logs, per-peer limits) and, on the unix socket, the user
// the kernel names (SO_PEERCRED). Never reads a byte of the connection.
#pragma once
#include <string>

#include "daemon/http/asio.hpp"

namespace umind::http_detail {

struct PeerIdentity {
  std::string name;      // "unix" or "IP:PORT" ("[V6]:PORT"): HttpRequest::peer
  std::string host;      // what per-peer limits count by: "unix" or the IP address
  std::string verified;  // the actor umind vouches for: the unix user, or "token" on TCP
};

// The peer of a TCP connection; its verified actor is the token's holder.
PeerIdentity identify(boost::asio::ip::tcp::socket& socket);
// The peer of a unix socket connection: the user name of the process that
// connected (SO_PEERCRED uid → getpwuid_r), "uid N" when the uid has no name.
PeerIdentity identify(boost::asio::local::stream_protocol::socket& socket);

}  // namespace umind::http_detail
