// test_server_memory.cpp — a body is held as it arrives, never reserved from
// the declared Content-Length (issue 12, finding 5): 8 connections declaring
// the import's 4 GiB limit and sending 2 bytes took 33 GB of address space.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <thread>

#include "test_fixture.hpp"

using namespace umind;
using umind::test::RawConn;
using umind::test::TestServer;

namespace {

// A line of /proc/self/status in KiB ("VmSize", "VmRSS").
long status_kib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  return -1;
}

}  // namespace

TEST_CASE("8 connections declaring 4 GiB and sending 2 bytes take no more memory than they sent") {
  auto limits = TestServer::default_limits();
  limits.body_limit_overrides["/v1/import"] = std::size_t{4} << 30;  // api::import_body_limit
  TestServer s(limits);
  for (int i = 0; i < 20; ++i) REQUIRE(s.unix_client().call("GET", "/v1/ping").status == 200);  // warm both io threads
  const long size_before = status_kib("VmSize"), rss_before = status_kib("VmRSS");

  std::vector<RawConn> conns;
  for (int i = 0; i < 8; ++i) {
    conns.push_back(RawConn::unix(s.unix_addr.path));
    conns.back().send("POST /v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 4294967296\r\n\r\nab");
  }
  for (int i = 0; i < 500 && s.server->in_flight() < 8; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(s.server->in_flight() == 8);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the 2 bytes reach the body
  const long size_growth = status_kib("VmSize") - size_before, rss_growth = status_kib("VmRSS") - rss_before;
  std::printf("8 x Content-Length 4 GiB, 2 bytes each: VmSize %+ld MiB, VmRSS %+ld MiB\n", size_growth / 1024,
              rss_growth / 1024);
  CHECK(size_growth < 256 * 1024);

  conns.clear();  // the bodies end early: the server drops them
  for (int i = 0; i < 500 && s.server->in_flight() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(s.server->in_flight() == 0);
  CHECK(s.writer_calls == 0);
}
