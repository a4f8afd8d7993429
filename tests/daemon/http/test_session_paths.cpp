// test_session_paths.cpp — each way a request can leave a session, with raw
// bytes: 400/404/405 before the body (Expect or too large) and after it
// (kept alive), 413 before and during the body, 431, a malformed body, HEAD.
#include <catch2/catch.hpp>

#include "test_fixture.hpp"

using namespace umind;
using umind::test::RawConn;
using umind::test::TestServer;

namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// All the server sends back to `request` on a new unix socket connection,
// until it closes the connection.
std::string answer_to(const TestServer& s, const std::string& request) {
  auto raw = RawConn::unix(s.unix_addr.path);
  raw.send(request);
  return raw.read_all();
}

struct Unrouted {
  std::string request_line;
  unsigned status;
  std::string body;   // the exact JSON answer
  std::string allow;  // the Allow header, "" when there is none
};

const Unrouted unrouted[] = {
    {"POST /v1/%zz HTTP/1.1", 400, R"({"error":"bad_request","message":"malformed request target"})", ""},
    {"POST /v1/nowhere HTTP/1.1", 404, R"({"error":"not_found","message":"no such API path"})", ""},
    {"PUT /v1/import HTTP/1.1", 405,
     R"({"error":"method_not_allowed","message":"method not allowed on this path"})", "POST"},
};

}  // namespace

TEST_CASE("a body no route takes is refused before it is sent: 400, 404 or 405, then close") {
  TestServer s;
  for (const auto& u : unrouted) {
    // Expect: 100-continue, or a Content-Length over the default limit (the
    // route's answer wins over 413).
    for (bool expect : {true, false}) {
      INFO(u.request_line << (expect ? " with Expect" : " too large"));
      const std::string length = expect ? "Expect: 100-continue\r\nContent-Length: 100\r\n"
                                        : "Content-Length: 2000000\r\n";
      auto text = answer_to(s, u.request_line + "\r\nHost: x\r\nContent-Type: text/csv\r\n" + length + "\r\n");
      CHECK(test::status_of(text) == u.status);
      CHECK_FALSE(has(text, "100 Continue"));
      CHECK(has(text, "Connection: close\r\n"));
      CHECK(has(text, "\r\n\r\n" + u.body));
      CHECK(has(text, "Allow: ") == !u.allow.empty());
      if (!u.allow.empty()) CHECK(has(text, "Allow: " + u.allow + "\r\n"));
    }
  }
  CHECK(s.writer_calls == 0);
}

TEST_CASE("after a whole body, 400, 404 and 405 keep the connection") {
  TestServer s;
  std::string pipelined;
  for (const auto& u : unrouted)
    pipelined += u.request_line + "\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
  pipelined += "GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  auto text = answer_to(s, pipelined);
  std::size_t at = 0;
  for (const auto& u : unrouted) {
    INFO(u.request_line);
    auto next = text.find("HTTP/1.1 ", at + 1);
    std::string one = text.substr(at, next == std::string::npos ? std::string::npos : next - at);
    CHECK(test::status_of(one) == u.status);
    CHECK(has(one, "\r\n\r\n" + u.body));
    CHECK_FALSE(has(one, "Connection: close"));
    CHECK(has(one, "Allow: ") == !u.allow.empty());
    at = next;
  }
  REQUIRE(at != std::string::npos);
  CHECK(test::status_of(text.substr(at)) == 200);
  CHECK(has(text.substr(at), "{\"pong\":true}"));
}

TEST_CASE("413 names the route's limit, before and while the body is read") {
  TestServer s;
  auto text = answer_to(
      s, "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048577\r\n\r\n");
  CHECK(test::status_of(text) == 413);
  CHECK(has(text, R"({"error":"too_large","message":"request body larger than 1048576 bytes"})"));

  std::string chunk(1 << 20, 'y');
  std::string msg = "POST /v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 9; ++i) msg += "100000\r\n" + chunk + "\r\n";  // 9 MiB > 8 MiB
  msg += "0\r\n\r\n";
  text = answer_to(s, msg);
  CHECK(test::status_of(text) == 413);
  CHECK(has(text, R"({"error":"too_large","message":"request body larger than 8388608 bytes"})"));
  CHECK(s.writer_calls == 0);
}

TEST_CASE("431 for a header over 16 KiB, 400 for a malformed body") {
  TestServer s;
  auto text = answer_to(s, "GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Filler: " + std::string(17 * 1024, 'a') + "\r\n\r\n");
  CHECK(test::status_of(text) == 431);
  CHECK(has(text, R"({"error":"headers_too_large","message":"request headers too large"})"));

  text = answer_to(s,
                   "POST /v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n"
                   "\r\nzz\r\nnot a chunk\r\n");
  CHECK(test::status_of(text) == 400);
  CHECK(has(text, R"({"error":"bad_request","message":"malformed HTTP request body"})"));
  CHECK(s.writer_calls == 0);
}

TEST_CASE("HEAD is answered and the connection closed") {
  TestServer s;
  auto text = answer_to(s, "HEAD /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n");  // returns as the server closes
  CHECK(test::status_of(text) == 405);
  CHECK(has(text, "Allow: GET\r\n"));
  CHECK(has(text, "Connection: close\r\n"));
  CHECK(test::count_of(text, "HTTP/1.1 ") == 1);
}
