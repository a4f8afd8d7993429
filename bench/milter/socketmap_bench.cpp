// socketmap_bench.cpp — DESIGN §6a at the socket: the socketmap server of
// the milter role (same answer function, same metrics, same decision) on a
// replica of N live IDs + N/10 old addresses + N/1000 lists built like
// milter_decision_bench's, and a client that measures each lookup's round
// trip through the socket: one connection, one request at a time (what one
// Postfix process does), then CONNS connections on CONNS threads at once
// for throughput. Requests: `access` for live IDs and unknown ones, `route`
// for old addresses; each answer is checked. Exits 1 on a wrong answer.
// The anchor, same run, same socket kind, same requests: a bare echo
// server (a blocking read, one canned netstring written back; no Asio, no
// decision), i.e. what a round trip through this machine's kernel costs.
//   milter_socketmap_bench [N] [unix:/path | inet:127.0.0.1:PORT] [CONNS]
//   (1000000, unix:/tmp/umind-socketmap-bench.sock, 8)
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "base/log.hpp"
#include "bench/milter/bench_replica.hpp"
#include "core/config.hpp"
#include "core/netstring.hpp"
#include "milter/socketmap_lookup.hpp"
#include "milter/socketmap_server.hpp"

using namespace umind;
using namespace umind::bench;
using steady = std::chrono::steady_clock;

namespace {

sockaddr_un unix_address(const std::string& path) {
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::strncpy(sa.sun_path, path.c_str(), sizeof sa.sun_path - 1);
  return sa;
}

sockaddr_in inet_address(const std::string& host, unsigned short port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, host.c_str(), &sa.sin_addr);
  return sa;
}

// A blocking client connection speaking netstrings.
class Client {
 public:
  explicit Client(const ListenAddress& where) {
    if (where.kind == ListenAddress::Kind::unix_socket) {
      fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_un sa = unix_address(where.path);
      connect_to(reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
    } else {
      fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      int one = 1;
      ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      sockaddr_in sa = inet_address(where.host, static_cast<unsigned short>(where.port));
      connect_to(reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
    }
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client() { ::close(fd_); }

  std::string lookup(const std::string& request) {
    std::string out = encode_netstring(request);
    if (::write(fd_, out.data(), out.size()) != static_cast<ssize_t>(out.size())) throw std::runtime_error("write");
    reader_.next();
    for (;;) {
      if (pending_.empty()) {
        char buf[4096];
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) throw std::runtime_error("the server closed the connection");
        pending_.assign(buf, static_cast<std::size_t>(n));
      }
      auto step = reader_.feed(pending_);
      pending_.erase(0, step.consumed);
      if (step.status == NetstringReader::Status::complete) return std::string(reader_.payload());
      if (step.status == NetstringReader::Status::malformed) throw std::runtime_error("bad reply");
    }
  }

 private:
  void connect_to(const sockaddr* sa, socklen_t len) {
    if (fd_ < 0 || ::connect(fd_, sa, len) != 0) throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
  }
  int fd_ = -1;
  NetstringReader reader_{4096};
  std::string pending_;
};

// The anchor: one blocking thread answering every read with "NOTFOUND ".
class RawEchoServer {
 public:
  explicit RawEchoServer(const ListenAddress& like) : where_(like) {
    if (like.kind == ListenAddress::Kind::unix_socket) {
      where_.path = like.path + ".raw";
      ::unlink(where_.path.c_str());
      listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_un sa = unix_address(where_.path);
      bind_to(reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
    } else {
      listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in sa = inet_address(like.host, 0);  // a free port
      bind_to(reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
      socklen_t len = sizeof sa;
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&sa), &len);
      where_.port = ntohs(sa.sin_port);
    }
    thread_ = std::thread([this] {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // fails harmlessly on unix
      static const char reply[] = "9:NOTFOUND ,";
      char buf[4096];
      while (::read(fd, buf, sizeof buf) > 0)
        if (::write(fd, reply, sizeof reply - 1) < 0) break;
      ::close(fd);
    });
  }
  RawEchoServer(const RawEchoServer&) = delete;
  RawEchoServer& operator=(const RawEchoServer&) = delete;
  ~RawEchoServer() {
    thread_.join();  // ends when the client closes
    ::close(listen_fd_);
    if (where_.kind == ListenAddress::Kind::unix_socket) ::unlink(where_.path.c_str());
  }
  const ListenAddress& where() const { return where_; }

 private:
  void bind_to(const sockaddr* sa, socklen_t len) {
    if (listen_fd_ < 0 || ::bind(listen_fd_, sa, len) != 0 || ::listen(listen_fd_, 1) != 0)
      throw std::runtime_error(std::string("anchor: ") + std::strerror(errno));
  }
  ListenAddress where_;
  int listen_fd_ = -1;
  std::thread thread_;
};

// Round trip of each request, one at a time on one connection, after a
// warm-up; `check` sees every reply.
template <class Check>
Percentiles time_lookups(const ListenAddress& where, const std::vector<std::string>& requests, Check check) {
  std::vector<double> ns(requests.size());
  Client client(where);
  for (std::size_t i = 0; i < 10'000 && i < requests.size(); ++i) client.lookup(requests[i]);  // warm up
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto t0 = steady::now();
    std::string reply = client.lookup(requests[i]);
    ns[i] = std::chrono::duration<double, std::nano>(steady::now() - t0).count();
    check(i, reply);
  }
  return percentiles(ns);
}

std::string request_for(const std::string& address, RouteAction want) {
  return (want == RouteAction::rewrite ? "route " : "access ") + address;
}

bool expected(const std::string& reply, RouteAction want) {
  switch (want) {
    case RouteAction::accept: return reply == "NOTFOUND ";
    case RouteAction::rewrite: return reply.rfind("OK ", 0) == 0 && reply.find('@') != std::string::npos;
    case RouteAction::reject: return reply == "OK 550 5.1.1 User unknown";
    default: return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  auto where = parse_listen_address(argc > 2 ? argv[2] : "unix:/tmp/umind-socketmap-bench.sock");
  const unsigned conns = argc > 3 ? static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10)) : 8;
  if (!where || n == 0 || conns == 0) {
    std::fprintf(stderr, "usage: milter_socketmap_bench [N] [unix:/path | inet:127.0.0.1:PORT] [CONNS]\n");
    return 2;
  }
  // The milter logs each refusal and rewrite at info; measure the socket path, not the log's sink.
  configure_log(LogConfig{LogLevel::warning, LogTarget::stderr_stream});

  const TimePoint now = wall_clock_now();
  replica::ReplicaView view;
  build_replica(view, n, now);
  auto clock = system_clock();
  milter::MilterContext context(view, *clock, std::make_shared<const RoutingRules>(routing_rules(Config{})));
  milter::SocketmapServer server([&context](std::string_view r) { return milter::answer_socketmap_request(context, r); });
  server.start(*where);

  const std::size_t samples = 200'000;
  Recipients mix = recipient_mix(n, samples);
  std::vector<std::string> requests;
  for (std::size_t i = 0; i < samples; ++i) requests.push_back(request_for(mix.addresses[i], mix.want[i]));

  std::atomic<std::size_t> wrong{0};
  Percentiles raw;
  {
    RawEchoServer anchor(*where);
    raw = time_lookups(anchor.where(), requests, [](std::size_t, const std::string&) {});
  }
  std::printf("anchor: bare echo over %s, one round trip at a time: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, "
              "max %.1f us\n",
              where->kind == ListenAddress::Kind::unix_socket ? "a unix socket" : "loopback TCP", raw.p50 / 1e3,
              raw.p99 / 1e3, raw.p999 / 1e3, raw.max / 1e3);
  Percentiles one = time_lookups(*where, requests, [&](std::size_t i, const std::string& reply) {
    wrong += !expected(reply, mix.want[i]);
  });
  std::printf("socketmap on %s, replica of %llu IDs: one connection, one lookup at a time: p50 %.1f us, p99 %.1f us, "
              "p99.9 %.1f us, max %.1f us\n",
              where->to_string().c_str(), static_cast<unsigned long long>(n), one.p50 / 1e3, one.p99 / 1e3,
              one.p999 / 1e3, one.max / 1e3);
  std::printf("socketmap / anchor: p50 %.2f, p99 %.2f (goal: p99 < 50 us)\n", one.p50 / raw.p50, one.p99 / raw.p99);

  auto t0 = steady::now();
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < conns; ++t)
    threads.emplace_back([&, t] {
      Client client(*where);
      for (std::size_t i = t; i < samples; i += conns) wrong += !expected(client.lookup(requests[i]), mix.want[i]);
    });
  for (auto& th : threads) th.join();
  double secs = std::chrono::duration<double>(steady::now() - t0).count();
  std::printf("%u connections at once: %.0f lookups/s (%zu lookups in %.2f s)\n", conns,
              static_cast<double>(samples) / secs, samples, secs);
  server.stop();
  if (wrong != 0) {
    std::printf("FAIL: %zu answers differ from what the replica holds\n", wrong.load());
    return 1;
  }
  std::printf("all %zu answers as expected\n", 2 * samples);
  return 0;
}
