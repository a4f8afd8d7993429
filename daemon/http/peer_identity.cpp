// peer_identity.cpp — the peer's address and, on a unix socket, its user.
#include "daemon/http/peer_identity.hpp"

#include <vector>

#include <pwd.h>
#include <sys/socket.h>

namespace umind::http_detail {

namespace {

// The name of `uid`, or "uid N" when it has none (or the lookup fails).
std::string user_name(uid_t uid) {
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_name && *found->pw_name)
    return found->pw_name;
  return "uid " + std::to_string(uid);
}

}  // namespace

PeerIdentity identify(boost::asio::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (ec) return {"unknown", "unknown", "token"};
  auto addr = ep.address();
  std::string host = addr.to_string();
  std::string shown = addr.is_v6() ? "[" + host + "]" : host;
  return {shown + ":" + std::to_string(ep.port()), host, "token"};
}

PeerIdentity identify(boost::asio::local::stream_protocol::socket& socket) {
  ucred cred{};
  socklen_t len = sizeof cred;
  if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || len != sizeof cred)
    return {"unix", "unix", "unknown user"};
  return {"unix", "unix", user_name(cred.uid)};
}

}  // namespace umind::http_detail
