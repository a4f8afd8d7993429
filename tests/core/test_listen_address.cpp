// test_listen_address.cpp — listener address forms of milter.listen,
// api.listen and metrics.listen.
#include <catch2/catch.hpp>

#include "core/listen_address.hpp"

using namespace umind;

TEST_CASE("listen address: libmilter and host:port forms") {
  auto a = parse_listen_address("inet:8891@127.0.0.1");
  REQUIRE(a);
  CHECK(a->kind == ListenAddress::Kind::inet);
  CHECK(a->host == "127.0.0.1");
  CHECK(a->port == 8891);
  CHECK(a->milter_form() == "inet:8891@127.0.0.1");
  CHECK(parse_listen_address("inet:127.0.0.1:8891")->milter_form() == "inet:8891@127.0.0.1");
  CHECK(parse_listen_address("inet6:8891@::1")->milter_form() == "inet6:8891@::1");
  CHECK(parse_listen_address("inet:[::1]:8080")->to_string() == "[::1]:8080");
  auto u = parse_listen_address("unix:/run/umind/api.sock");
  REQUIRE(u);
  CHECK(u->kind == ListenAddress::Kind::unix_socket);
  CHECK(u->path == "/run/umind/api.sock");
  CHECK(u->is_loopback());
  CHECK(parse_listen_address("local:/run/x.sock")->milter_form() == "unix:/run/x.sock");
  CHECK(parse_host_port("127.0.0.1:9466")->port == 9466);
}

TEST_CASE("listen address: malformed forms are refused") {
  for (const char* bad : {"", "inet:", "inet:0@127.0.0.1", "inet:65536@127.0.0.1", "inet:x@127.0.0.1",
                          "inet:8891@", "unix:", "unix:relative.sock", "tcp:127.0.0.1:80",
                          "inet:127.0.0.1", "inet:a b:80"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_listen_address(bad));
  }
  CHECK_FALSE(parse_listen_address("unix:/" + std::string(107, 'x')));
  CHECK_FALSE(parse_host_port("9466"));
  CHECK_FALSE(parse_host_port("::1:9466"));
}

TEST_CASE("listen address: loopback") {
  CHECK(parse_listen_address("inet:127.0.0.1:80")->is_loopback());
  CHECK(parse_listen_address("inet:localhost:80")->is_loopback());
  CHECK(parse_listen_address("inet:[::1]:80")->is_loopback());
  CHECK_FALSE(parse_listen_address("inet:0.0.0.0:80")->is_loopback());
  CHECK_FALSE(parse_listen_address("inet:10.0.0.1:80")->is_loopback());
}
