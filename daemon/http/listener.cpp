// listener.cpp — acceptors for the admin API and their accept loops. The
// loop only counts connections and starts sessions; it never reads a byte.
#include "daemon/http/listener.hpp"

#include "base/log.hpp"

#include <cstdio>
#include <mutex>
#include <stdexcept>

#include <sys/stat.h>

#include "daemon/http/asio.hpp"
#include "daemon/http/http_session.hpp"
#include "daemon/http/unix_socket_file.hpp"

namespace umind::http_detail {

namespace net = boost::asio;
using error_code = boost::system::error_code;

namespace {

template <class Protocol>
class AcceptingListener final : public Listener, public std::enable_shared_from_this<AcceptingListener<Protocol>> {
 public:
  using Acceptor = typename Protocol::acceptor;

  AcceptingListener(std::shared_ptr<ServerState> state, Acceptor acceptor, std::shared_ptr<const BearerToken> token,
                    std::unique_ptr<OwnedSocketFile> file, std::string name)
      : state_(std::move(state)),
        strand_(net::make_strand(state_->io)),
        acceptor_(std::move(acceptor)),
        token_(std::move(token)),
        file_(std::move(file)),
        name_(std::move(name)) {}

  void start() {
    auto self = this->shared_from_this();
    net::co_spawn(strand_, accept_loop(), [self](std::exception_ptr e) {
      if (e) log_error("api: accept loop on " + self->name_ + " ended with an exception");
    });
  }

  void close() override {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
      if (file_) file_->remove();
    }
    net::post(strand_, [self = this->shared_from_this()] {
      error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  net::awaitable<void> accept_loop() {
    net::steady_timer backoff(strand_);
    for (;;) {
      error_code ec;
      auto socket = co_await acceptor_.async_accept(net::redirect_error(net::use_awaitable, ec));
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
      if (ec) {
        // EMFILE and friends: wait a little instead of spinning.
        log_error("api: accept on " + name_ + ": " + ec.message());
        backoff.expires_after(std::chrono::milliseconds(100));
        co_await backoff.async_wait(net::redirect_error(net::use_awaitable, ec));
        continue;
      }
      const auto max = state_->limits.max_connections;
      const auto open = state_->session_count();
      if (state_->stopping.load() || open >= 2 * max) {
        socket.close(ec);
        continue;
      }
      start_session(state_, std::move(socket), token_, open >= max);
    }
  }

  std::shared_ptr<ServerState> state_;
  net::strand<net::io_context::executor_type> strand_;
  Acceptor acceptor_;
  std::shared_ptr<const BearerToken> token_;
  std::mutex mu_;
  bool closed_ = false;
  std::unique_ptr<OwnedSocketFile> file_;
  std::string name_;
};

}  // namespace

std::shared_ptr<Listener> start_tcp_listener(const std::shared_ptr<ServerState>& state, const ListenAddress& where,
                                             std::shared_ptr<const BearerToken> token, ListenAddress& bound) {
  using tcp = net::ip::tcp;
  tcp::resolver resolver(state->io);
  auto results = resolver.resolve(where.host, std::to_string(where.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service);
  if (results.empty()) throw std::runtime_error(where.to_string() + ": host does not resolve");
  tcp::endpoint endpoint = results.begin()->endpoint();
  if (!endpoint.address().is_loopback())
    throw std::invalid_argument(where.to_string() +
                                ": the admin API listens on TCP only on loopback (it has no TLS)");
  tcp::acceptor acceptor(state->io);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
  bound = where;
  bound.port = acceptor.local_endpoint().port();
  auto listener = std::make_shared<AcceptingListener<tcp>>(state, std::move(acceptor), std::move(token), nullptr,
                                                           bound.to_string());
  listener->start();
  return listener;
}

std::shared_ptr<Listener> start_unix_listener(const std::shared_ptr<ServerState>& state, const std::string& path,
                                              unsigned mode, std::optional<gid_t> group,
                                              std::shared_ptr<const BearerToken> token) {
  using local = net::local::stream_protocol;
  clear_stale_socket(path);
  local::acceptor acceptor(state->io);
  acceptor.open();
  // Linux gives the socket file the mode of the socket inode (minus umask),
  // so the file never exists with more permissions than `mode`.
  ::fchmod(acceptor.native_handle(), static_cast<mode_t>(mode & 0777));
  acceptor.bind(local::endpoint(path));
  auto file = std::make_unique<OwnedSocketFile>(path, mode, group);
  acceptor.listen(net::socket_base::max_listen_connections);
  auto listener = std::make_shared<AcceptingListener<local>>(state, std::move(acceptor), std::move(token),
                                                             std::move(file), "unix:" + path);
  listener->start();
  return listener;
}

}  // namespace umind::http_detail
