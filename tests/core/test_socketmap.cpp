// test_socketmap.cpp — DESIGN §6a as a table: every §6 row through
// route_recipient and the socketmap answer of both maps, the stale and
// not-loaded directory, request parsing (malformed requests get PERM), and
// a fuzz run of random requests through parser, decision and answer.
#include <catch2/catch.hpp>

#include <random>

#include "core/socketmap.hpp"
#include "map_directory.hpp"

using namespace umind;
using umind::test::MapDirectory;
using namespace std::chrono;

namespace {

const TimePoint now = sys_days{2026y / November / 25} + hours{9};

struct Row {
  const char* key;
  const char* access;
  const char* route;
};

struct Fixture {
  RoutingRules rules;
  MapDirectory dir;
  Fixture() {
    dir.live("taro-new");
    dir.list("soc-ml", "members@lists.example.org");
    dir.alias("taro-old", "taro-new", now + days{30});
    dir.alias("taro-expired", "taro-new", now - seconds{1});
    dir.alias("taro-optout", "taro-new", now + days{30}, false);
    dir.alias("gone-old", "gone-new", now + days{30});
    dir.alias("loop-a", "loop-b", now + days{30});
    dir.alias("loop-b", "loop-a", now + days{30});
  }
  std::string answer(SocketmapMap map, std::string_view key, DirectoryFreshness f = DirectoryFreshness::current()) const {
    return socketmap_answer(map, route_recipient(rules, dir, f, key, now));
  }
  void check(const Row& row, DirectoryFreshness f = DirectoryFreshness::current()) const {
    CAPTURE(row.key);
    CHECK(answer(SocketmapMap::access, row.key, f) == row.access);
    CHECK(answer(SocketmapMap::route, row.key, f) == row.route);
  }
};

}  // namespace

TEST_CASE("socketmap: every §6 row, fresh directory") {
  Fixture f;
  const Row rows[] = {
      {"taro-new@umin.ac.jp", "NOTFOUND ", "NOTFOUND "},
      {"taro-new+news@umin.ac.jp", "NOTFOUND ", "NOTFOUND "},
      {"Taro-Old@UMIN.ac.jp", "NOTFOUND ", "OK taro-new@umin.ac.jp"},
      {"taro-old+news@umin.ac.jp", "NOTFOUND ", "OK taro-new+news@umin.ac.jp"},
      {"soc-ml@umin.ac.jp", "NOTFOUND ", "OK members@lists.example.org"},
      {"taro-expired@umin.ac.jp", "OK 550 5.1.1 User unknown", "NOTFOUND "},
      {"taro-optout@umin.ac.jp", "OK 550 5.1.1 User unknown", "NOTFOUND "},
      {"gone-old@umin.ac.jp", "OK 550 5.1.1 User unknown", "NOTFOUND "},
      {"nobody-x@umin.ac.jp", "OK 550 5.1.1 User unknown", "NOTFOUND "},
      {"x@umin.ac.jp", "OK 550 5.1.3 Bad recipient address syntax", "NOTFOUND "},
      {"\"a b\"@umin.ac.jp", "OK 550 5.1.3 Bad recipient address syntax", "NOTFOUND "},
      {"loop-a@umin.ac.jp", "OK 554 5.4.6 Routing loop detected", "NOTFOUND "},
      {"postmaster@umin.ac.jp", "NOTFOUND ", "NOTFOUND "},
      {"someone@example.org", "NOTFOUND ", "NOTFOUND "},
      // What else Postfix looks up in an access or virtual table.
      {"umin.ac.jp", "NOTFOUND ", "NOTFOUND "},
      {"nobody-x@", "NOTFOUND ", "NOTFOUND "},
      // virtual(5)'s catch-all key: never a route; as an access key it is an
      // unparsable recipient in our domain (DESIGN §6: 550 5.1.3)
      {"@umin.ac.jp", "OK 550 5.1.3 Bad recipient address syntax", "NOTFOUND "},
  };
  for (const auto& row : rows) f.check(row);
}

TEST_CASE("socketmap: mail.expired_alias_reply moved_to names the new address") {
  Fixture f;
  f.rules.expired_alias_reply = ExpiredAliasReply::moved_to;
  f.check({"taro-expired@umin.ac.jp", "OK 550 5.1.6 User has moved to <taro-new@umin.ac.jp>", "NOTFOUND "});
}

TEST_CASE("socketmap: a replica not loaded tempfails; a stale one degrades per §6") {
  Fixture f;
  const DirectoryFreshness none{};
  f.check({"taro-new@umin.ac.jp", "OK 451 4.3.0 Directory unavailable, try again later",
           "TEMP Directory unavailable, try again later"},
          none);
  f.check({"someone@example.org", "NOTFOUND ", "NOTFOUND "}, none);
  f.check({"postmaster@umin.ac.jp", "NOTFOUND ", "NOTFOUND "}, none);

  const DirectoryFreshness stale{f.rules.max_staleness + seconds{1}};
  const Row rows[] = {
      {"taro-new@umin.ac.jp", "NOTFOUND ", "NOTFOUND "},
      {"taro-old@umin.ac.jp", "NOTFOUND ", "OK taro-new@umin.ac.jp"},
      {"soc-ml@umin.ac.jp", "NOTFOUND ", "OK members@lists.example.org"},
      {"nobody-x@umin.ac.jp", "OK 451 4.3.0 Directory may be out of date, try again later", "NOTFOUND "},
      {"taro-expired@umin.ac.jp", "OK 451 4.3.0 Directory may be out of date, try again later", "NOTFOUND "},
      {"taro-optout@umin.ac.jp", "OK 451 4.3.0 Directory may be out of date, try again later", "NOTFOUND "},
      {"x@umin.ac.jp", "OK 550 5.1.3 Bad recipient address syntax", "NOTFOUND "},
      {"loop-a@umin.ac.jp", "OK 554 5.4.6 Routing loop detected", "NOTFOUND "},
  };
  for (const auto& row : rows) f.check(row, stale);

  f.rules.on_directory_unavailable = DirectoryUnavailable::accept;
  f.check({"taro-new@umin.ac.jp", "NOTFOUND ", "NOTFOUND "}, none);
  f.check({"nobody-x@umin.ac.jp", "NOTFOUND ", "NOTFOUND "}, stale);
}

TEST_CASE("socketmap: requests name a map and a key") {
  auto req = parse_socketmap_request("access taro@umin.ac.jp");
  REQUIRE(req.request);
  CHECK(req.request->map == SocketmapMap::access);
  CHECK(req.request->key == "taro@umin.ac.jp");
  req = parse_socketmap_request("route \"a b\"@umin.ac.jp");
  REQUIRE(req.request);
  CHECK(req.request->map == SocketmapMap::route);
  CHECK(req.request->key == "\"a b\"@umin.ac.jp");

  for (const char* bad : {"", "access", "access ", "virtual x@umin.ac.jp", "ACCESS x@umin.ac.jp", " x@umin.ac.jp",
                          "access x\r\n@umin.ac.jp"}) {
    CAPTURE(bad);
    auto r = parse_socketmap_request(bad);
    CHECK_FALSE(r.request);
    CHECK_FALSE(r.error.empty());
    CHECK(socketmap_refusal(r.error).rfind("PERM ", 0) == 0);
  }
  CHECK_FALSE(parse_socketmap_request("access " + std::string(socketmap_max_request, 'a')).request);
  CHECK(std::string_view("access x\0y", 10).size() == 10);
  CHECK_FALSE(parse_socketmap_request(std::string_view("access x\0y", 10)).request);
}

TEST_CASE("socketmap: Postfix's partial keys are told from whole addresses") {
  for (const char* partial : {"umin.ac.jp", "taro@", "@umin.ac.jp", "taro"}) CHECK(is_partial_key(partial));
  for (const char* whole : {"taro@umin.ac.jp", "\"a@b\"@umin.ac.jp", "a@b@umin.ac.jp"}) CHECK_FALSE(is_partial_key(whole));
}

TEST_CASE("socketmap: fuzz — random requests get a well-formed answer") {
  Fixture f;
  std::mt19937 rng(13);
  auto pick = [&](std::size_t lo, std::size_t hi) { return std::uniform_int_distribution<std::size_t>(lo, hi)(rng); };
  const std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz-+@.\"<> ";
  const char* prefixes[] = {"access ", "route ", "", "access", "virtual "};
  for (int round = 0; round < 100'000; ++round) {
    std::string payload = prefixes[pick(0, 4)];
    for (std::size_t i = pick(0, 30); i > 0; --i)
      payload += pick(0, 15) == 0 ? static_cast<char>(pick(0, 255)) : alphabet[pick(0, alphabet.size() - 1)];
    if (pick(0, 3) == 0) payload += "@umin.ac.jp";
    auto parsed = parse_socketmap_request(payload);
    std::string reply = parsed.request ? f.answer(parsed.request->map, parsed.request->key)
                                       : socketmap_refusal(parsed.error);
    CAPTURE(payload, reply);
    REQUIRE(reply.size() < 1100);
    REQUIRE(reply.find_first_of("\r\n") == std::string::npos);
    const bool known = reply == "NOTFOUND " || reply.rfind("OK ", 0) == 0 || reply.rfind("TEMP ", 0) == 0 ||
                       reply.rfind("PERM ", 0) == 0;
    REQUIRE(known);
    REQUIRE(parsed.request.has_value() != (reply.rfind("PERM ", 0) == 0));
  }
}
