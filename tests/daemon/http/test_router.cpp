// test_router.cpp — Router: {param} matching, literal precedence, 405 data,
// rejected patterns. Pure unit tests; no sockets.
#include <catch2/catch.hpp>

#include "daemon/http/router.hpp"

using umind::HttpRequest;
using umind::HttpResponse;
using umind::Router;

namespace {
HttpResponse ok(const HttpRequest&) { return HttpResponse{}; }
}  // namespace

TEST_CASE("router matches {params} and prefers literal segments") {
  Router r;
  r.add("GET", "/v1/accounts/{id}", ok);
  r.add("GET", "/v1/accounts/find", ok);
  r.add("POST", "/v1/accounts/{id}/rename", ok);
  r.add("POST", "/v1/lists/{name}/members/{id}", ok);

  auto m = r.match("GET", {"v1", "accounts", "kiuchi-tky"});
  REQUIRE(m.route);
  CHECK(m.route->pattern == "/v1/accounts/{id}");
  CHECK(m.params.at("id") == "kiuchi-tky");

  m = r.match("GET", {"v1", "accounts", "find"});
  REQUIRE(m.route);
  CHECK(m.route->pattern == "/v1/accounts/find");
  CHECK(m.params.empty());

  m = r.match("POST", {"v1", "lists", "gakkai-ml", "members", "a/b"});
  REQUIRE(m.route);
  CHECK(m.params.at("name") == "gakkai-ml");
  CHECK(m.params.at("id") == "a/b");
}

TEST_CASE("router tells 404 from 405") {
  Router r;
  r.add("GET", "/v1/accounts/{id}", ok);
  r.add("DELETE", "/v1/accounts/{id}", ok);
  auto m = r.match("PUT", {"v1", "accounts", "x"});
  CHECK_FALSE(m.route);
  CHECK(m.allowed == std::vector<std::string>{"DELETE", "GET"});
  m = r.match("GET", {"v1", "nothing"});
  CHECK_FALSE(m.route);
  CHECK(m.allowed.empty());
  m = r.match("GET", {"v1", "accounts", "x", ""});  // trailing slash is another path
  CHECK_FALSE(m.route);
  CHECK(m.allowed.empty());
}

TEST_CASE("router rejects malformed and duplicate routes") {
  Router r;
  r.add("GET", "/v1/a/{x}", ok);
  CHECK_THROWS_AS(r.add("GET", "/v1/a/{y}", ok), std::invalid_argument);
  CHECK_NOTHROW(r.add("POST", "/v1/a/{y}", ok));
  CHECK_THROWS_AS(r.add("get", "/v1/b", ok), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "v1/b", ok), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/v1/{a}/{a}", ok), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/v1/{1x}", ok), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/v1/x{y}", ok), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/v1/c", Router::Handler{}), std::invalid_argument);
}
