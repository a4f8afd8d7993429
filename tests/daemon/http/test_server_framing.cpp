// test_server_framing.cpp — request smuggling (issue 12, finding 3): a
// Transfer-Encoding that is not exactly "chunked", or one beside
// Content-Length, gets 400 (501 for a coding umind does not decode) and the
// connection is closed, so the bytes after the header never run as a second
// request. A plain chunked body still works and keeps the connection.
#include <catch2/catch.hpp>

#include "test_fixture.hpp"

using namespace umind;
using umind::test::RawConn;
using umind::test::TestServer;

namespace {

struct Framing {
  std::string fields;  // the framing header fields, each ending in \r\n
  unsigned status;
};

// Each was taken as "no body" (or as Content-Length) before: the second
// request hidden after the header ran, and the writer counted it.
const Framing ambiguous[] = {
    {"Transfer-Encoding: chunked, identity\r\n", 400},
    {"Transfer-Encoding: xchunked\r\n", 400},
    {"Transfer-Encoding: identity\r\n", 400},
    {"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", 400},
    {"Transfer-Encoding: chunked, chunked\r\n", 400},
    {"Transfer-Encoding: chunked;ext=1\r\n", 400},
    {"Transfer-Encoding: identity\r\nContent-Length: 0\r\n", 400},
    {"Content-Length: 0\r\nTransfer-Encoding: gzip\r\n", 400},
    {"Transfer-Encoding: gzip, chunked\r\n", 501},
};

const std::string hidden = "GET /v1/count HTTP/1.1\r\nHost: x\r\n\r\n";

}  // namespace

TEST_CASE("Transfer-Encoding other than exactly chunked: 400 (or 501) and close, nothing smuggled") {
  TestServer s;
  for (const auto& f : ambiguous) {
    INFO(f.fields);
    auto raw = RawConn::unix(s.unix_addr.path);
    raw.send("POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + f.fields + "\r\n" + hidden);
    auto started = std::chrono::steady_clock::now();
    auto text = raw.read_all(std::chrono::milliseconds(8000));
    CHECK(test::status_of(text) == f.status);
    CHECK(test::count_of(text, "HTTP/1.1 ") == 1);
    CHECK(text.find("Connection: close\r\n") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(6));  // closed, not timed out
  }
  CHECK(s.writer_calls == 0);
}

TEST_CASE("HTTP/1.0 with Transfer-Encoding is refused, chunked HTTP/1.1 is served and kept alive") {
  TestServer s;
  auto old = RawConn::unix(s.unix_addr.path);
  old.send("POST /v1/echo HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + hidden);
  auto text = old.read_all();
  CHECK(test::status_of(text) == 400);
  CHECK(test::count_of(text, "200 OK") == 0);  // neither the echo nor the request after it
  CHECK(s.writer_calls == 0);

  auto raw = RawConn::unix(s.unix_addr.path);
  raw.send("POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding:  Chunked \r\n\r\n"
           "2\r\n{}\r\n0\r\n\r\n" + hidden);
  text = raw.read_until("\"n\":");
  CHECK(test::status_of(text) == 200);
  CHECK(test::count_of(text, "HTTP/1.1 200") == 2);  // the echo, then the next request on the connection
  CHECK(s.writer_calls == 2);
}
