// test_fixture.cpp — TestServer and RawConn for the HTTP tests. Test-only;
// it never talks to anything but the in-process server it starts.
#include "test_fixture.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

namespace umind::test {

TempDir::TempDir() {
  char tmpl[] = "/tmp/umh.XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

HttpServerLimits TestServer::default_limits() {
  HttpServerLimits l;
  l.max_body_bytes = 1 << 20;
  l.request_timeout = std::chrono::seconds(5);
  l.body_limit_overrides["/v1/import"] = 8u << 20;
  return l;
}

TestServer::TestServer(HttpServerLimits limits, ExtraRoutes extra, bool listen_now)
    : slow_open_(slow_gate_.get_future().share()) {
  std::promise<std::thread::id> id;
  boost::asio::post(writer, [&id] { id.set_value(std::this_thread::get_id()); });
  writer_thread = id.get_future().get();
  add_standard_routes();
  if (extra) extra(router, *this);
  server = std::make_unique<HttpServer>(io, router, std::move(limits));
  if (listen_now) listen_all();
}

void TestServer::listen_all() {
  ListenAddress u;
  u.kind = ListenAddress::Kind::unix_socket;
  u.path = dir.path() + "/api.sock";
  unix_addr = server->listen(u, std::nullopt);
  ListenAddress t;
  t.kind = ListenAddress::Kind::inet;
  t.host = "127.0.0.1";
  t.port = 0;
  tcp_addr = server->listen(t, std::string(test_token));
  for (int i = 0; i < 2; ++i) {
    ++io_running_;
    io_threads_.emplace_back([this] {
      io.run();
      --io_running_;
    });
  }
}

void TestServer::release_slow() {
  if (!released_) {
    released_ = true;
    slow_gate_.set_value();
  }
}

bool TestServer::wait_io_finished(std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (io_running_.load() > 0) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

TestServer::~TestServer() {
  release_slow();
  server->stop_accepting();
  if (!wait_io_finished(std::chrono::seconds(20))) io.stop();  // a test left something hanging
  for (auto& t : io_threads_) t.join();
  writer.join();
  server.reset();
}

ApiClient TestServer::unix_client(std::chrono::seconds timeout) const {
  return ApiClient(unix_addr, std::nullopt, timeout);
}

ApiClient TestServer::tcp_client(std::optional<std::string> token, std::chrono::seconds timeout) const {
  return ApiClient(tcp_addr, std::move(token), timeout);
}

void TestServer::add_standard_routes() {
  router.add("GET", "/v1/ping", [](const HttpRequest&) { return HttpResponse{200, {{"pong", true}}}; });
  router.add("GET", "/v1/accounts/{id}", [](const HttpRequest& r) {
    return HttpResponse{200,
                        {{"id", r.path_params.at("id")},
                         {"query", r.query},
                         {"actor", r.actor},
                         {"peer", r.peer},
                         {"target", r.target}}};
  });
  router.add("DELETE", "/v1/accounts/{id}",
             [](const HttpRequest& r) { return HttpResponse{200, {{"deleted", r.path_params.at("id")}}}; });
  router.add("GET", "/v1/accounts/find", [](const HttpRequest& r) {
    auto q = r.query.find("q");
    return HttpResponse{200, {{"find", true}, {"q", q == r.query.end() ? "" : q->second}}};
  });
  router.add("POST", "/v1/accounts/{id}/rename", [](const HttpRequest& r) {
    return HttpResponse{201, {{"id", r.path_params.at("id")}, {"body", r.body}}};
  });
  router.add("POST", "/v1/echo", [this](const HttpRequest& r) {
    ++writer_calls;
    return HttpResponse{200, {{"body", r.body}, {"on_writer", std::this_thread::get_id() == writer_thread}}};
  }, writer.get_executor());
  RouteOptions import;
  import.executor = writer.get_executor();
  import.raw_body = true;
  router.add("POST", "/v1/import", [](const HttpRequest& r) {
    std::uint64_t sum = 0;
    for (char c : r.raw_body) sum = sum * 31 + static_cast<unsigned char>(c);
    return HttpResponse{200,
                        {{"bytes", r.raw_body.size()},
                         {"sum", sum},
                         {"content_type", r.content_type},
                         {"json", !r.body.is_null()}}};
  }, import);
  router.add("GET", "/v1/fail/api", [](const HttpRequest&) -> HttpResponse {
    throw ApiError(409, "conflict", "ID kiuchi-tky already exists");
  });
  router.add("GET", "/v1/fail/runtime", [](const HttpRequest&) -> HttpResponse {
    throw std::runtime_error("sqlite: /var/lib/umind/umind.db is locked (test, expected in the log)");
  });
  router.add("GET", "/v1/bad-utf8", [](const HttpRequest&) {
    return HttpResponse{200, {{"name", std::string("Kiuchi \xff\xfe Taro")}}};
  });
  router.add("GET", "/v1/slow", [this](const HttpRequest&) {
    slow_started = true;
    slow_open_.wait();
    return HttpResponse{200, {{"slow", true}}};
  }, writer.get_executor());
  router.add("GET", "/v1/count", [this](const HttpRequest&) {
    int n = ++writer_calls;
    return HttpResponse{200, {{"n", n}, {"on_writer", std::this_thread::get_id() == writer_thread}}};
  }, writer.get_executor());
}

RawConn RawConn::unix(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("raw connect to " + path + ": " + std::strerror(errno));
  }
  return RawConn(fd);
}

RawConn RawConn::tcp(std::uint16_t port, const char* from) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (from) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from, &local.sin_addr);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
      ::close(fd);
      throw std::runtime_error(std::string("raw bind to ") + from + ": " + std::strerror(errno));
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("raw connect to port " + std::to_string(port) + ": " + std::strerror(errno));
  }
  return RawConn(fd);
}

RawConn::~RawConn() {
  if (fd_ >= 0) ::close(fd_);
}

void RawConn::send(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

std::string RawConn::read_until(const std::string& needle, std::chrono::milliseconds limit) {
  std::string out;
  auto until = std::chrono::steady_clock::now() + limit;
  char buf[65536];
  for (;;) {
    if (!needle.empty() && out.find(needle) != std::string::npos) return out;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return out;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return out;
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

std::string RawConn::read_all(std::chrono::milliseconds limit) { return read_until("", limit); }

unsigned status_of(const std::string& response) {
  if (response.size() < 12 || response.compare(0, 5, "HTTP/") != 0) return 0;
  return static_cast<unsigned>(std::atoi(response.substr(9, 3).c_str()));
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
  return n;
}

}  // namespace umind::test
