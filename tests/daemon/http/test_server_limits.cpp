// test_server_limits.cpp — body limits (default and per route, with and
// without Expect: 100-continue, chunked), streamed uploads with progress,
// and the connection limit.
#include <catch2/catch.hpp>

#include <thread>

#include "test_fixture.hpp"

using namespace umind;
using umind::test::RawConn;
using umind::test::TestServer;

namespace {

std::string csv_of(std::size_t bytes) {
  std::string s = "id,kind\n";
  for (std::size_t i = 0; s.size() < bytes; ++i) s += "user" + std::to_string(i) + ",personal\n";
  s.resize(bytes);
  return s;
}

std::uint64_t sum_of(const std::string& s) {
  std::uint64_t sum = 0;
  for (char c : s) sum = sum * 31 + static_cast<unsigned char>(c);
  return sum;
}

}  // namespace

TEST_CASE("413 over the default limit") {
  TestServer s;
  auto c = s.unix_client();
  auto r = c.call("POST", "/v1/echo", {{"blob", std::string(2 << 20, 'x')}});
  CHECK(r.status == 413);
  CHECK(r.body["error"] == "too_large");
  r = c.call("POST", "/v1/echo", {{"blob", std::string(900 << 10, 'x')}});
  CHECK(r.status == 200);
  CHECK(s.writer_calls == 1);
}

TEST_CASE("413 without Expect: the client still reads the answer") {
  TestServer s;
  auto raw = RawConn::unix(s.unix_addr.path);
  std::string body(2 << 20, 'x');
  raw.send("POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body);
  CHECK(test::status_of(raw.read_all()) == 413);

  auto chunked = RawConn::unix(s.unix_addr.path);
  std::string chunk(512 << 10, 'y');
  std::string msg = "POST /v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n";
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 20; ++i) msg += size_line + chunk + "\r\n";  // 10 MiB > 8 MiB
  msg += "0\r\n\r\n";
  chunked.send(msg);
  CHECK(test::status_of(chunked.read_all()) == 413);
}

TEST_CASE("per-route override: a 5 MiB upload with progress and a 9 MiB one refused before sending") {
  TestServer s;
  for (bool tcp : {false, true}) {
    auto c = tcp ? s.tcp_client() : s.unix_client();
    std::string data = csv_of(5 << 20);
    std::istringstream in(data);
    std::vector<std::uint64_t> progress;
    auto r = c.upload("/v1/import", "text/csv", in, data.size(), [&](std::uint64_t n) { progress.push_back(n); });
    REQUIRE(r.status == 200);
    CHECK(r.body["bytes"] == data.size());
    CHECK(r.body["sum"] == sum_of(data));
    CHECK(r.body["content_type"] == "text/csv");
    REQUIRE(progress.size() >= 10);
    CHECK(std::is_sorted(progress.begin(), progress.end()));
    CHECK(progress.back() == data.size());
  }

  std::string big = csv_of(9 << 20);
  std::istringstream in(big);
  std::uint64_t sent = 0;
  auto r = s.unix_client().upload("/v1/import", "text/csv", in, big.size(), [&](std::uint64_t n) { sent = n; });
  CHECK(r.status == 413);
  CHECK(sent == 0);

  r = s.unix_client().upload("/v1/nowhere", "text/csv", in, big.size(), [&](std::uint64_t n) { sent = n; });
  CHECK(r.status == 404);
  CHECK(sent == 0);
}

TEST_CASE("upload whose data ends early is a local error, not ApiUnavailable") {
  TestServer s;
  std::istringstream in("only a few bytes");
  CHECK_THROWS_MATCHES(s.unix_client().upload("/v1/import", "text/csv", in, 1 << 20, {}), std::runtime_error,
                       Catch::Matchers::Predicate<std::runtime_error>(
                           [](const std::runtime_error& e) { return !dynamic_cast<const ApiUnavailable*>(&e); }));
  CHECK(s.unix_client().call("GET", "/v1/ping").status == 200);
}

TEST_CASE("503 busy past max_connections") {
  auto limits = TestServer::default_limits();
  limits.max_connections = 1;
  TestServer s(limits);
  auto hog = RawConn::unix(s.unix_addr.path);
  for (int i = 0; i < 200 && s.server->connections() < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(s.server->connections() == 1);
  auto r = s.unix_client().call("GET", "/v1/ping");
  CHECK(r.status == 503);
  CHECK(r.body["error"] == "busy");
}

TEST_CASE("a body limit override naming no route is refused at listen") {
  auto limits = TestServer::default_limits();
  limits.body_limit_overrides["/v1/imports"] = 1 << 30;
  TestServer s(limits, {}, false);
  CHECK_THROWS_WITH(s.listen_all(), Catch::Contains("/v1/imports"));
  auto ok = TestServer::default_limits();
  ok.body_limit_overrides = {{"POST /v1/import", 8u << 20}};
  TestServer t(ok);
  std::string data(3 << 20, 'x');
  std::istringstream in(data);
  CHECK(t.unix_client().upload("/v1/import", "text/csv", in, data.size(), {}).status == 200);
}

TEST_CASE("a large response is written in pieces and arrives whole") {
  TestServer s(TestServer::default_limits(), [](Router& r, TestServer&) {
    r.add("GET", "/v1/big", [](const HttpRequest&) {
      nlohmann::json rows = nlohmann::json::array();
      for (int i = 0; i < 200000; ++i) rows.push_back({{"id", "user" + std::to_string(i)}, {"kind", "personal"}});
      return HttpResponse{200, {{"rows", std::move(rows)}}};
    });
  });
  // The client waits for the whole answer: building, writing and parsing
  // 200000 rows took 10-12 s under ThreadSanitizer on a loaded 2-core machine.
  auto r = s.tcp_client(std::string(umind::test::test_token), std::chrono::seconds(60)).call("GET", "/v1/big");
  REQUIRE(r.status == 200);
  REQUIRE(r.body["rows"].size() == 200000);
  CHECK(r.body["rows"][199999]["id"] == "user199999");
}
