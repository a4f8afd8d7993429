// test_server_api.cpp — a real server driven by the real ApiClient: routing
// with params and query, JSON round trip, 400/404/405, error mapping,
// invalid UTF-8, the actor, where handlers run, keep-alive and 408.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include "test_fixture.hpp"

using namespace umind;
using umind::test::RawConn;
using umind::test::TestServer;

namespace {

// The name of the user running the test, as umind finds it from SO_PEERCRED.
std::string me() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw ? pw->pw_name : "uid " + std::to_string(::geteuid());
}

}  // namespace

TEST_CASE("routing with {params} and query over the unix socket") {
  TestServer s;
  auto c = s.unix_client();
  auto r = c.call("GET", "/v1/ping");
  CHECK(r.status == 200);
  CHECK(r.body == nlohmann::json{{"pong", true}});

  r = c.call("GET", with_query("/v1/accounts/" + url_encode("a/b c"), {{"q", "木内 a+b&c=d"}, {"empty", ""}}));
  REQUIRE(r.status == 200);
  CHECK(r.body["id"] == "a/b c");
  CHECK(r.body["query"]["q"] == "木内 a+b&c=d");
  CHECK(r.body["query"]["empty"] == "");
  CHECK(r.body["target"] == "/v1/accounts/a%2Fb%20c");
  CHECK(r.body["peer"] == "unix");
  CHECK(r.body["actor"] == me());  // SO_PEERCRED; uminctl sends no claim on the unix socket

  r = c.call("GET", "/v1/accounts/find?q=Kiuchi+Taro");
  CHECK(r.body == nlohmann::json{{"find", true}, {"q", "Kiuchi Taro"}});

  r = c.call("DELETE", "/v1/accounts/old-id");
  CHECK(r.body == nlohmann::json{{"deleted", "old-id"}});
}

TEST_CASE("JSON round trip, handlers posted to the writer executor") {
  TestServer s;
  auto c = s.unix_client();
  nlohmann::json body = {{"name", "木内 太郎"}, {"n", 42}, {"list", {1, 2.5, "x"}}, {"nested", {{"a", nullptr}}}};
  auto r = c.call("POST", "/v1/accounts/kiuchi-tky/rename", body);
  CHECK(r.status == 201);
  CHECK(r.body["id"] == "kiuchi-tky");
  CHECK(r.body["body"] == body);

  r = c.call("POST", "/v1/echo", body);
  CHECK(r.status == 200);
  CHECK(r.body["body"] == body);
  CHECK(r.body["on_writer"] == true);

  r = c.call("POST", "/v1/echo");  // no body at all
  CHECK(r.status == 200);
  CHECK(r.body["body"].is_null());
}

TEST_CASE("400 bad_json for a non-JSON body on a JSON route") {
  TestServer s;
  auto c = s.unix_client();
  std::istringstream broken(R"({"password":"hunter2)");
  auto r = c.upload("/v1/echo", "application/json", broken, broken.str().size(), {});
  CHECK(r.status == 400);
  CHECK(r.body["error"] == "bad_json");
  CHECK(r.body["message"].get<std::string>().find("hunter2") == std::string::npos);

  std::istringstream csv("id,kind\nkiuchi-tky,personal\n");
  r = c.upload("/v1/echo", "text/csv", csv, csv.str().size(), {});
  CHECK(r.status == 400);
  CHECK(r.body["error"] == "bad_json");

  nlohmann::json deep = nlohmann::json::array();
  for (int i = 0; i < 100; ++i) deep = nlohmann::json::array({deep});
  r = c.call("POST", "/v1/echo", deep);
  CHECK(r.status == 400);
  CHECK(r.body["error"] == "bad_json");
  CHECK(s.writer_calls == 0);
}

TEST_CASE("raw bodies reach raw routes and JSON is still parsed there") {
  TestServer s;
  auto c = s.unix_client();
  std::istringstream ndjson("{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
  auto r = c.upload("/v1/import", "application/x-ndjson", ndjson, ndjson.str().size(), {});
  CHECK(r.status == 200);
  CHECK(r.body["bytes"] == ndjson.str().size());
  CHECK(r.body["content_type"] == "application/x-ndjson");
  CHECK(r.body["json"] == false);
  r = c.call("POST", "/v1/import", {{"dry_run", true}});
  CHECK(r.body["json"] == true);
}

TEST_CASE("404 for unknown paths, 405 with Allow for other methods") {
  TestServer s;
  auto c = s.unix_client();
  auto r = c.call("GET", "/v1/nope");
  CHECK(r.status == 404);
  CHECK(r.body["error"] == "not_found");
  r = c.call("GET", "/v1/accounts/x/");
  CHECK(r.status == 404);
  r = c.call("PUT", "/v1/accounts/x", {{"a", 1}});
  CHECK(r.status == 405);
  CHECK(r.body["error"] == "method_not_allowed");

  auto raw = RawConn::unix(s.unix_addr.path);
  raw.send("PATCH /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto text = raw.read_all();
  CHECK(test::status_of(text) == 405);
  CHECK(text.find("Allow: GET\r\n") != std::string::npos);
  CHECK(text.find("Content-Type: application/json\r\n") != std::string::npos);

  auto bad = RawConn::unix(s.unix_addr.path);
  bad.send("GET /v1/accounts/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(test::status_of(bad.read_all()) == 400);

  auto garbage = RawConn::unix(s.unix_addr.path);
  garbage.send("THIS IS NOT HTTP\r\n\r\n");
  CHECK(test::status_of(garbage.read_all()) == 400);
}

TEST_CASE("handler exceptions: ApiError keeps its status, others become a generic 500") {
  TestServer s;
  auto c = s.unix_client();
  auto r = c.call("GET", "/v1/fail/api");
  CHECK(r.status == 409);
  CHECK(r.body == nlohmann::json{{"error", "conflict"}, {"message", "ID kiuchi-tky already exists"}});
  r = c.call("GET", "/v1/fail/runtime");
  CHECK(r.status == 500);
  CHECK(r.body == nlohmann::json{{"error", "internal"}, {"message", "internal error"}});
  // The server survives and keeps serving.
  CHECK(c.call("GET", "/v1/ping").status == 200);
}

TEST_CASE("invalid UTF-8 in a response does not throw") {
  TestServer s;
  auto r = s.unix_client().call("GET", "/v1/bad-utf8");
  CHECK(r.status == 200);
  CHECK(r.body["name"] == "Kiuchi \xEF\xBF\xBD\xEF\xBF\xBD Taro");
}

TEST_CASE("actor: the unix user or the token's holder, X-Umind-Actor only as a claim") {
  TestServer s;
  auto c = s.tcp_client();
  c.set_actor("web:alice");
  auto r = c.call("GET", "/v1/accounts/x");
  CHECK(r.body["actor"] == "token (claimed: web:alice)");
  CHECK(r.body["peer"].get<std::string>().rfind("127.0.0.1:", 0) == 0);

  auto raw = RawConn::tcp(s.tcp_addr.port);
  raw.send(std::string("GET /v1/accounts/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") + test::test_token +
           "\r\nConnection: close\r\n\r\n");
  auto text = raw.read_all();
  REQUIRE(test::status_of(text) == 200);
  auto body = nlohmann::json::parse(text.substr(text.find("\r\n\r\n") + 4));
  CHECK(body["actor"] == "token");

  auto raw2 = RawConn::unix(s.unix_addr.path);
  raw2.send("GET /v1/accounts/x HTTP/1.1\r\nHost: x\r\nX-Umind-Actor: evil\xe2\x80\xa8name\r\nConnection: close\r\n\r\n");
  text = raw2.read_all();
  body = nlohmann::json::parse(text.substr(text.find("\r\n\r\n") + 4));
  CHECK(body["actor"] == me() + " (claimed: evil???name)");

  auto claimed = s.unix_client();
  claimed.set_actor("root");
  CHECK(claimed.call("GET", "/v1/accounts/x").body["actor"] == me() + " (claimed: root)");

  auto raw3 = RawConn::unix(s.unix_addr.path);  // control characters: the parser refuses the request
  raw3.send("GET /v1/accounts/x HTTP/1.1\r\nHost: x\r\nX-Umind-Actor: evil\x01name\r\nConnection: close\r\n\r\n");
  CHECK(test::status_of(raw3.read_all()) == 400);
}

TEST_CASE("keep-alive: several requests on one connection, pipelined too") {
  TestServer s;
  auto raw = RawConn::unix(s.unix_addr.path);
  raw.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n");
  auto first = raw.read_until("{\"pong\":true}");
  CHECK(test::status_of(first) == 200);
  CHECK(first.find("Connection: close") == std::string::npos);
  raw.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto rest = raw.read_all();
  CHECK(test::count_of(rest, "HTTP/1.1 200") == 2);
  CHECK(test::count_of(rest, "HTTP/1.1 404") == 1);
}

TEST_CASE("408 when a request stalls and an idle connection is closed quietly") {
  auto limits = TestServer::default_limits();
  limits.request_timeout = std::chrono::seconds(1);
  TestServer s(limits);
  auto stalled = RawConn::unix(s.unix_addr.path);
  auto idle = RawConn::unix(s.unix_addr.path);
  auto slow_body = RawConn::unix(s.unix_addr.path);
  stalled.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\n");
  slow_body.send("POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"a\"");
  auto text = stalled.read_all();
  CHECK(test::status_of(text) == 408);
  CHECK(text.find("\"error\":\"timeout\"") != std::string::npos);
  CHECK(test::status_of(slow_body.read_all()) == 408);
  CHECK(idle.read_all().empty());
}
