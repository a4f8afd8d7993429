// test_text_helpers.cpp — url encoding/splitting, bounded JSON parsing and
// dumping, the token file and the constant-time bearer check. No sockets.
#include <catch2/catch.hpp>

#include <fstream>

#include "daemon/http/bearer_token.hpp"
#include "daemon/http/json_text.hpp"
#include "daemon/http/token_file.hpp"
#include "daemon/http/url.hpp"
#include "test_fixture.hpp"

using namespace umind;

TEST_CASE("url encoding round-trips every byte") {
  CHECK(url_encode("kiuchi-tky.x_y~") == "kiuchi-tky.x_y~");
  CHECK(url_encode("a+b c/d&e=f") == "a%2Bb%20c%2Fd%26e%3Df");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  CHECK(url_decode(url_encode(all), true) == all);
  CHECK(url_decode("a+b", true) == "a b");
  CHECK(url_decode("a+b", false) == "a+b");
  CHECK_FALSE(url_decode("%4", true));
  CHECK_FALSE(url_decode("%zz", true));
  CHECK(with_query("/v1/x", {{"q", "木内 太郎"}, {"k", ""}}) == "/v1/x?q=%E6%9C%A8%E5%86%85%20%E5%A4%AA%E9%83%8E&k=");
  CHECK(with_query("/v1/x", {}) == "/v1/x");
}

TEST_CASE("targets split into decoded segments and query") {
  auto t = split_target("/v1/accounts/a%2Fb?q=x+y&z=%26&q=last&flag");
  CHECK(t.path == "/v1/accounts/a%2Fb");
  auto segs = split_path(t.path);
  REQUIRE(segs);
  CHECK(*segs == std::vector<std::string>{"v1", "accounts", "a/b"});
  auto q = parse_query(t.query);
  REQUIRE(q);
  CHECK(q->at("q") == "last");
  CHECK(q->at("z") == "&");
  CHECK(q->at("flag").empty());
  CHECK_FALSE(split_path("v1/x"));
  CHECK_FALSE(split_path("/v1/%G0"));
  CHECK_FALSE(parse_query("a=%"));
}

TEST_CASE("JSON parsing is bounded and never echoes input") {
  std::string error;
  CHECK(parse_json(R"({"a":[1,2,{"b":null}]})", error));
  auto bad = parse_json(R"({"password":"hunter2)", error);
  CHECK_FALSE(bad);
  CHECK(error.find("hunter2") == std::string::npos);
  CHECK(error.find("byte") != std::string::npos);
  std::string deep(64, '['), deeper(65, '[');
  deep += std::string(64, ']');
  deeper += std::string(65, ']');
  CHECK(parse_json(deep, error));
  CHECK_FALSE(parse_json(deeper, error));
  CHECK(error.find("deeper") != std::string::npos);
  CHECK_FALSE(parse_json(std::string(1'000'000, '['), error));
  CHECK_FALSE(parse_json("\"\xff\"", error));  // invalid UTF-8 in a string
}

TEST_CASE("JSON dump never throws on invalid UTF-8") {
  nlohmann::json j = {{"name", std::string("a\xff\xfe" "b")}};
  std::string out;
  REQUIRE_NOTHROW(out = dump_json(j));
  CHECK(out == "{\"name\":\"a\xEF\xBF\xBD\xEF\xBF\xBD" "b\"}");
  CHECK(is_json_media_type("application/json; charset=utf-8"));
  CHECK(is_json_media_type("Application/Problem+JSON"));
  CHECK_FALSE(is_json_media_type("text/csv"));
  CHECK_FALSE(is_json_media_type("application/x-ndjson"));
}

TEST_CASE("token file: trimmed, validated, never quoted in errors") {
  test::TempDir dir;
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.path() + "/" + name) << text;
    return dir.path() + "/" + name;
  };
  CHECK(read_token_file(write("ok", "  abc-DEF_123\n")) == "abc-DEF_123");
  CHECK_THROWS_AS(read_token_file(write("empty", " \n")), std::runtime_error);
  try {
    read_token_file(write("two", "secret-one secret-two\n"));
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("secret") == std::string::npos);
  }
  CHECK_THROWS_AS(read_token_file(dir.path() + "/missing"), std::runtime_error);
  CHECK_THROWS_AS(read_token_file(write("big", std::string(5000, 'a'))), std::runtime_error);
}

TEST_CASE("bearer token check") {
  BearerToken t("s3cret");
  CHECK(t.matches_header("Bearer s3cret"));
  CHECK(t.matches_header("bearer  s3cret "));
  CHECK_FALSE(t.matches_header("Bearer s3creT"));
  CHECK_FALSE(t.matches_header("Bearer s3cret2"));
  CHECK_FALSE(t.matches_header("Bearer s3cre"));
  CHECK_FALSE(t.matches_header("Bearer "));
  CHECK_FALSE(t.matches_header(""));
  CHECK_FALSE(t.matches_header("Basic s3cret"));
  CHECK_FALSE(t.matches_header("Bearers3cret"));
  CHECK_THROWS_AS(BearerToken(""), std::invalid_argument);
  CHECK_THROWS_AS(BearerToken("two words"), std::invalid_argument);
}
