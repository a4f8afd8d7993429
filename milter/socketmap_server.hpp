// socketmap_server.hpp — Postfix's socketmap protocol (DESIGN §6a) on a unix
// socket or loopback TCP, served by Boost.Asio on one thread of its own:
// many persistent connections at once (Postfix keeps one per process), each
// a stream of netstring requests answered in order, pipelined requests in
// one read answered in one write. A request the answer function calls
// malformed gets its PERM reply and the connection stays open; broken
// framing (no netstring, longer than the limit) gets a PERM reply and only
// that connection is closed, since the stream cannot be resynchronised.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/listen_address.hpp"

namespace umind::milter {

class SocketmapServer {
 public:
  // Turns one request payload into one reply payload; runs on the server's
  // thread and must not throw.
  using Answer = std::function<std::string(std::string_view request)>;

  explicit SocketmapServer(Answer answer);
  SocketmapServer(const SocketmapServer&) = delete;
  SocketmapServer& operator=(const SocketmapServer&) = delete;
  ~SocketmapServer();

  // Opens the socket (throws naming the address: in use, no permission) and
  // serves on a new thread. A unix socket replaces a stale file and gets
  // mode 0660, like the milter's: put postfix in umind's group.
  void start(const ListenAddress& where);
  // Closes the listener and every connection; joins the thread.
  void stop();
  // Watchdog: posts a probe to the server's thread and says how long ago
  // the last probe ran there.
  std::chrono::steady_clock::duration silent_for();
  // Connections open now.
  std::size_t connections() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace umind::milter
