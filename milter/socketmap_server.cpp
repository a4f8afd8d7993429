// socketmap_server.cpp — the acceptor, one coroutine per connection, the
// server's thread.
#include "milter/socketmap_server.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include <boost/asio.hpp>

#include "base/heartbeat.hpp"
#include "base/log.hpp"
#include "core/netstring.hpp"
#include "core/socketmap.hpp"

namespace umind::milter {
namespace net = boost::asio;
using Protocol = net::generic::stream_protocol;
using Acceptor = net::basic_socket_acceptor<Protocol>;  // Boost 1.74's Protocol has no ::acceptor

namespace {

// Postfix keeps one connection per smtpd/cleanup process (process_limit,
// default 100); this bounds what a misbehaving client can hold.
constexpr std::size_t max_connections = 4096;

Protocol::endpoint endpoint_of(const ListenAddress& where) {
  if (where.kind == ListenAddress::Kind::unix_socket) return net::local::stream_protocol::endpoint(where.path);
  // The config allows loopback only: an address, or the name localhost.
  const bool named = where.host.empty() || where.host == "localhost";
  return net::ip::tcp::endpoint(net::ip::make_address(named ? "127.0.0.1" : where.host), where.port);
}

// A socket file left by a umind that did not stop cleanly; never anything else.
void remove_stale_socket(const std::string& path) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path.c_str());
}

Acceptor open_acceptor(net::io_context& io, const ListenAddress& where) {
  Acceptor acceptor(io);
  if (where.kind == ListenAddress::Kind::unix_socket) remove_stale_socket(where.path);
  auto endpoint = endpoint_of(where);
  acceptor.open(endpoint.protocol());
  if (where.kind == ListenAddress::Kind::inet) acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
  return acceptor;
}

}  // namespace

struct SocketmapServer::Impl {
  explicit Impl(Answer a) : answer(std::move(a)) {}

  // Owns the acceptor: it closes when the io_context drops this coroutine.
  net::awaitable<void> accept_loop(Acceptor acceptor) {
    for (;;) {
      boost::system::error_code ec;
      Protocol::socket socket = co_await acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
      if (ec) {  // EMFILE and the like: wait a little, the next accept may succeed
        net::steady_timer pause(*io, std::chrono::milliseconds(100));
        co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
        continue;
      }
      if (open.load() >= max_connections) continue;  // closed by going out of scope
      if (where.kind == ListenAddress::Kind::inet) socket.set_option(net::ip::tcp::no_delay(true), ec);
      net::co_spawn(*io, serve(std::move(socket)), net::detached);
    }
  }

  // Counts a connection for as long as its coroutine exists.
  struct Counted {
    explicit Counted(std::atomic<std::size_t>& n) : count(n) { count.fetch_add(1); }
    Counted(const Counted&) = delete;
    Counted& operator=(const Counted&) = delete;
    ~Counted() { count.fetch_sub(1); }
    std::atomic<std::size_t>& count;
  };

  net::awaitable<void> serve(Protocol::socket socket) {
    Counted counted(open);
    NetstringReader reader(socketmap_max_request);
    std::array<char, 4096> buffer{};
    std::string replies;
    for (bool close = false; !close;) {
      boost::system::error_code ec;
      std::size_t n = co_await socket.async_read_some(net::buffer(buffer), net::redirect_error(net::use_awaitable, ec));
      if (ec) break;  // EOF or the server stopping
      replies.clear();
      close = answer_all(reader, std::string_view(buffer.data(), n), replies);
      if (replies.empty()) continue;  // the request is not complete yet
      co_await net::async_write(socket, net::buffer(replies), net::redirect_error(net::use_awaitable, ec));
      if (ec) break;
    }
  }

  // Appends the framed reply of every request complete in `in` to `out`;
  // true when the framing broke (the connection must close).
  bool answer_all(NetstringReader& reader, std::string_view in, std::string& out) {
    while (!in.empty()) {
      auto step = reader.feed(in);
      in.remove_prefix(step.consumed);
      if (step.status == NetstringReader::Status::need_more) return false;
      if (step.status == NetstringReader::Status::malformed) {
        out += encode_netstring(socketmap_refusal(reader.error()));
        return true;
      }
      out += encode_netstring(answer(reader.payload()));
      reader.next();
    }
    return false;
  }

  Answer answer;
  ListenAddress where;
  Heartbeat beat;
  std::atomic<std::size_t> open{0};
  std::thread thread;
  // Reset by stop(): that destroys the coroutines, closing every socket.
  std::optional<net::io_context> io;
};

SocketmapServer::SocketmapServer(Answer answer) : impl_(std::make_unique<Impl>(std::move(answer))) {}

SocketmapServer::~SocketmapServer() { stop(); }

void SocketmapServer::start(const ListenAddress& where) {
  Impl& s = *impl_;
  if (s.io) throw std::logic_error("the socketmap server is already running");
  s.where = where;
  s.io.emplace(1);
  std::optional<Acceptor> acceptor;
  try {
    acceptor.emplace(open_acceptor(*s.io, where));
  } catch (const boost::system::system_error& e) {
    s.io.reset();
    throw std::runtime_error("milter.socketmap_listen " + where.to_string() + ": cannot listen (" + e.code().message() +
                             ")");
  }
  if (where.kind == ListenAddress::Kind::unix_socket) ::chmod(where.path.c_str(), 0660);
  net::co_spawn(*s.io, s.accept_loop(std::move(*acceptor)), net::detached);
  s.thread = std::thread([&s] {
    for (;;) {
      try {
        s.io->run();
        return;
      } catch (const std::exception& e) {  // a bug in one connection must not stop the others
        log_error(std::string("milter socketmap: ") + e.what());
      }
    }
  });
}

void SocketmapServer::stop() {
  Impl& s = *impl_;
  if (!s.thread.joinable()) return;
  s.io->stop();
  s.thread.join();
  s.io.reset();
  if (s.where.kind == ListenAddress::Kind::unix_socket) ::unlink(s.where.path.c_str());
}

std::chrono::steady_clock::duration SocketmapServer::silent_for() {
  Impl& s = *impl_;
  if (s.thread.joinable()) net::post(*s.io, [&s] { s.beat.beat(); });
  return s.beat.silent_for();
}

std::size_t SocketmapServer::connections() const noexcept { return impl_->open.load(); }

}  // namespace umind::milter
