// test_fixture.hpp — a real HttpServer for tests: a standard set of routes,
// a unix socket in a private temp dir, 127.0.0.1 on a kernel-chosen port,
// two io threads and one "writer" thread like the daemon's store. Plus raw
// POSIX socket helpers to send bytes the ApiClient never would. Test-only.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "daemon/http/api_client.hpp"
#include "daemon/http/http_server.hpp"

namespace umind::test {

inline constexpr const char* test_token = "s3cret-T0ken-for-tests";

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class TestServer {
 public:
  using ExtraRoutes = std::function<void(Router&, TestServer&)>;
  explicit TestServer(HttpServerLimits limits = default_limits(), ExtraRoutes extra = {}, bool listen_now = true);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  static HttpServerLimits default_limits();  // 1 MiB default, /v1/import 8 MiB, 5 s timeout

  void listen_all();  // unix socket + TCP, then the io threads
  ApiClient unix_client(std::chrono::seconds timeout = std::chrono::seconds(10)) const;
  ApiClient tcp_client(std::optional<std::string> token = std::string(test_token),
                       std::chrono::seconds timeout = std::chrono::seconds(10)) const;
  // Waits until run() has returned on the io threads (graceful stop), up to `limit`.
  bool wait_io_finished(std::chrono::milliseconds limit);

  TempDir dir;
  Router router;
  boost::asio::io_context io;
  boost::asio::thread_pool writer{1};
  std::thread::id writer_thread;
  std::unique_ptr<HttpServer> server;
  ListenAddress unix_addr;
  ListenAddress tcp_addr;

  // GET /v1/slow blocks on the writer until release_slow().
  std::atomic<bool> slow_started{false};
  void release_slow();
  std::atomic<int> writer_calls{0};

 private:
  void add_standard_routes();
  std::promise<void> slow_gate_;
  std::shared_future<void> slow_open_;
  std::vector<std::thread> io_threads_;
  std::atomic<int> io_running_{0};
  bool released_ = false;
};

// A blocking POSIX connection for raw HTTP bytes.
class RawConn {
 public:
  static RawConn unix(const std::string& path);
  // `from`: the local address to connect from (e.g. "127.0.0.2"), else the kernel's choice.
  static RawConn tcp(std::uint16_t port, const char* from = nullptr);
  RawConn(RawConn&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RawConn(const RawConn&) = delete;
  RawConn& operator=(const RawConn&) = delete;
  ~RawConn();
  void send(const std::string& bytes);  // all of it (errors ignored: the peer may have closed)
  // Everything until the peer closes or `limit` passes.
  std::string read_all(std::chrono::milliseconds limit = std::chrono::milliseconds(5000));
  // Reads until `needle` appears (or close/limit); returns all read so far.
  std::string read_until(const std::string& needle, std::chrono::milliseconds limit = std::chrono::milliseconds(5000));

 private:
  explicit RawConn(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// "HTTP/1.1 413 Payload Too Large\r\n…" → 413; 0 if not a response.
unsigned status_of(const std::string& response);
std::size_t count_of(const std::string& text, const std::string& needle);

}  // namespace umind::test
