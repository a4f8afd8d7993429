// test_server_lifecycle.cpp — concurrency (8 client threads × 200 requests),
// graceful stop with a request in flight, and ApiUnavailable when nothing
// listens or nothing answers.
#include <catch2/catch.hpp>

#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "test_fixture.hpp"

using namespace umind;
using umind::test::RawConn;
using umind::test::TestServer;

namespace {

bool wait_for(const std::function<bool()>& condition, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace

TEST_CASE("8 client threads x 200 requests all succeed") {
  TestServer s;
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto c = t % 2 == 0 ? s.unix_client() : s.tcp_client();
      for (int i = 0; i < 200; ++i) {
        try {
          auto r = i % 2 == 0 ? c.call("GET", "/v1/count")
                              : c.call("GET", with_query("/v1/accounts/u" + std::to_string(t), {{"i", std::to_string(i)}}));
          bool good = r.status == 200 && (i % 2 == 0 ? r.body["on_writer"] == true
                                                     : r.body["query"]["i"] == std::to_string(i));
          (good ? ok : failed)++;
        } catch (const std::exception&) {
          failed++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failed == 0);
  CHECK(ok == 1600);
  CHECK(s.writer_calls == 800);
  // A client has its answer before the server's write completes and counts
  // the request done: under load (ASan) that takes a moment.
  CHECK(wait_for([&] { return s.server->in_flight() == 0; }));
}

TEST_CASE("graceful stop: in-flight request completes, new connections are refused") {
  TestServer s;
  auto idle = RawConn::unix(s.unix_addr.path);
  ApiClient::Result slow;
  std::thread slow_client([&] { slow = s.unix_client().call("GET", "/v1/slow"); });
  REQUIRE(wait_for([&] { return s.slow_started.load(); }));
  CHECK(s.server->in_flight() == 1);
  REQUIRE(wait_for([&] { return s.server->connections() == 2; }));

  s.server->stop_accepting();
  CHECK(::access(s.unix_addr.path.c_str(), F_OK) != 0);  // socket file removed at once
  CHECK_THROWS_AS(s.unix_client(std::chrono::seconds(2)).call("GET", "/v1/ping"), ApiUnavailable);
  CHECK_THROWS_AS(s.tcp_client(std::string(test::test_token), std::chrono::seconds(2)).call("GET", "/v1/ping"),
                  ApiUnavailable);
  CHECK(idle.read_all().empty());  // the idle keep-alive connection is closed, unanswered

  CHECK(s.server->in_flight() == 1);
  CHECK_FALSE(s.wait_io_finished(std::chrono::milliseconds(200)));  // still serving the slow one
  s.release_slow();
  slow_client.join();
  CHECK(slow.status == 200);
  CHECK(slow.body["slow"] == true);
  CHECK(s.wait_io_finished(std::chrono::seconds(5)));  // run() returned by itself
  CHECK(s.server->in_flight() == 0);
  CHECK(s.server->connections() == 0);
}

TEST_CASE("ApiUnavailable when nothing listens or nothing answers") {
  test::TempDir dir;
  ListenAddress u;
  u.kind = ListenAddress::Kind::unix_socket;
  u.path = dir.path() + "/none.sock";
  CHECK_THROWS_AS(ApiClient(u, std::nullopt, std::chrono::seconds(2)).call("GET", "/v1/ping"), ApiUnavailable);

  // A TCP port nobody listens on.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ListenAddress t;
  t.kind = ListenAddress::Kind::inet;
  t.host = "127.0.0.1";
  t.port = ntohs(addr.sin_port);
  ::close(fd);
  try {
    ApiClient(t, std::string("tok"), std::chrono::seconds(2)).call("GET", "/v1/ping");
    FAIL("no exception");
  } catch (const ApiUnavailable& e) {
    CHECK(std::string(e.what()).find("cannot connect") != std::string::npos);
    CHECK(std::string(e.what()).find("tok") == std::string::npos);
  }

  // A socket that accepts (in the kernel backlog) but never answers.
  int mute = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un ua{};
  ua.sun_family = AF_UNIX;
  std::string path = dir.path() + "/mute.sock";
  std::memcpy(ua.sun_path, path.c_str(), path.size() + 1);
  REQUIRE(::bind(mute, reinterpret_cast<sockaddr*>(&ua), sizeof ua) == 0);
  REQUIRE(::listen(mute, 4) == 0);
  u.path = path;
  auto started = std::chrono::steady_clock::now();
  try {
    ApiClient(u, std::nullopt, std::chrono::seconds(1)).call("GET", "/v1/ping");
    FAIL("no exception");
  } catch (const ApiUnavailable& e) {
    CHECK(std::string(e.what()).find("did not answer within 1s") != std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  ::close(mute);
}
