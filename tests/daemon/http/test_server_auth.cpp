// test_server_auth.cpp — TCP needs the bearer token (401 + WWW-Authenticate
// without or with a wrong one), the unix socket does not; listen() refuses
// TCP without a token or beyond loopback.
#include <catch2/catch.hpp>

#include "test_fixture.hpp"

using namespace umind;
using umind::test::RawConn;
using umind::test::TestServer;

TEST_CASE("TCP: 401 without or with a wrong token, 200 with the right one") {
  TestServer s;
  CHECK(s.tcp_addr.port != 0);
  CHECK(s.tcp_addr.host == "127.0.0.1");

  auto r = s.tcp_client(std::nullopt).call("GET", "/v1/ping");
  CHECK(r.status == 401);
  CHECK(r.body["error"] == "unauthorized");
  for (const std::string& wrong : std::vector<std::string>{"s3cret-T0ken-for-testX", "s3cret", "x", std::string(500, 'a')}) {
    r = s.tcp_client(wrong).call("GET", "/v1/ping");
    CHECK(r.status == 401);
  }
  r = s.tcp_client().call("POST", "/v1/echo", {{"a", 1}});
  CHECK(r.status == 200);
  CHECK(r.body["body"]["a"] == 1);
  CHECK(s.writer_calls == 1);

  // Not even a large body is read without the token.
  std::string big(5 << 20, 'x');
  std::istringstream data(big);
  std::uint64_t sent = 0;
  r = s.tcp_client(std::nullopt).upload("/v1/import", "text/csv", data, big.size(), [&](std::uint64_t n) { sent = n; });
  CHECK(r.status == 401);
  CHECK(sent == 0);
}

TEST_CASE("TCP 401 carries WWW-Authenticate: Bearer") {
  TestServer s;
  auto raw = RawConn::tcp(s.tcp_addr.port);
  raw.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n");
  auto text = raw.read_all();
  CHECK(test::status_of(text) == 401);
  CHECK(text.find("WWW-Authenticate: Bearer") != std::string::npos);
  CHECK(text.find("Connection: close") != std::string::npos);

  auto basic = RawConn::tcp(s.tcp_addr.port);
  basic.send(std::string("GET /v1/ping HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ") + test::test_token + "\r\n\r\n");
  CHECK(test::status_of(basic.read_all()) == 401);
}

TEST_CASE("unix socket needs no token") {
  TestServer s;
  CHECK(s.unix_client().call("GET", "/v1/ping").status == 200);
}

TEST_CASE("listen refuses TCP without a token, beyond loopback, or after stop") {
  TestServer s;
  ListenAddress a;
  a.kind = ListenAddress::Kind::inet;
  a.host = "127.0.0.1";
  a.port = 0;
  CHECK_THROWS_AS(s.server->listen(a, std::nullopt), std::invalid_argument);
  CHECK_THROWS_AS(s.server->listen(a, std::string("two words")), std::invalid_argument);
  a.host = "0.0.0.0";
  CHECK_THROWS_AS(s.server->listen(a, std::string(test::test_token)), std::invalid_argument);
  a.host = "::1";
  ListenAddress v6;
  try {
    v6 = s.server->listen(a, std::string(test::test_token));
  } catch (const std::exception& e) {
    WARN("no IPv6 loopback here: " << e.what());
  }
  if (v6.port != 0) CHECK(ApiClient(v6, std::string(test::test_token), std::chrono::seconds(5)).call("GET", "/v1/ping").status == 200);
  s.server->stop_accepting();
  a.host = "127.0.0.1";
  CHECK_THROWS_AS(s.server->listen(a, std::string(test::test_token)), std::logic_error);
}
