// test_text.cpp — the one text rule (core/text), its use by check_free_text,
// terminal_safe, and the bearer token rule of core/token_text.
#include <catch2/catch.hpp>

#include "core/lifecycle.hpp"
#include "core/text.hpp"
#include "core/token_text.hpp"

using namespace umind;
using FaultKind = TextFault::Kind;

namespace {
struct TextCase {
  const char* text;
  std::optional<FaultKind> fault;  // nullopt: allowed
  std::size_t at;
  const char* message;  // describe(), when refused
};
const TextCase text_cases[] = {
    {"Kiuchi Taro", {}, 0, ""},
    {"\xe6\x9c\xa8\xe5\x86\x85 \xe5\xa4\xaa\xe9\x83\x8e", {}, 0, ""},  // 木内 太郎
    {"\xf0\x9f\x8f\xa5 Clinic", {}, 0, ""},                             // 4-byte UTF-8
    {"Caf\xc3\xa9 \xc2\xa0", {}, 0, ""},                                // é, no-break space
    {"", {}, 0, ""},
    {"Taro\x07", FaultKind::control, 4, "'Taro\\x07' contains a control character (byte 5)"},
    {"a\tb", FaultKind::control, 1, "'a\\x09b' contains a control character (byte 2)"},
    {"a\x7f", FaultKind::control, 1, "'a\\x7f' contains a control character (byte 2)"},
    {"a\xc2\x85" "b", FaultKind::control, 1, "'a\\xc2\\x85b' contains a control character U+0085 (byte 2)"},
    {"a\xc2\x9b", FaultKind::control, 1, "contains a control character U+009B (byte 2)"},
    {"ab\xe2\x80\xae" "cd", FaultKind::bidi, 2, "'ab\\xe2\\x80\\xaecd' contains a bidi control U+202E (byte 3)"},
    {"\xe2\x80\xaa", FaultKind::bidi, 0, "bidi control U+202A (byte 1)"},
    {"\xe2\x81\xa6x", FaultKind::bidi, 0, "bidi control U+2066"},
    {"x\xe2\x81\xa9", FaultKind::bidi, 1, "bidi control U+2069"},
    {"x\xe2\x80\x8e", FaultKind::bidi, 1, "bidi control U+200E"},
    {"x\xe2\x80\x8f", FaultKind::bidi, 1, "bidi control U+200F"},
    {"x\xd8\x9c", FaultKind::bidi, 1, "bidi control U+061C"},
    {"x\xe2\x80\x8b", FaultKind::zero_width, 1, "zero-width character U+200B (byte 2)"},
    {"x\xe2\x80\x8d", FaultKind::zero_width, 1, "zero-width character U+200D"},
    {"\xef\xbb\xbfx", FaultKind::zero_width, 0, "zero-width character U+FEFF (byte 1)"},
    {"x\xe2\x80\xa8", FaultKind::separator, 1, "line or paragraph separator U+2028"},
    {"\xff", FaultKind::not_utf8, 0, "'\\xff' is not valid UTF-8 (byte 1)"},
    {"ab\xc0\xaf", FaultKind::not_utf8, 2, "is not valid UTF-8 (byte 3)"},      // overlong '/'
    {"a\xed\xa0\x80", FaultKind::not_utf8, 1, "is not valid UTF-8 (byte 2)"},   // surrogate
    {"a\xf4\x90\x80\x80", FaultKind::not_utf8, 1, "is not valid UTF-8 (byte 2)"},  // above U+10FFFF
    {"ab\xe6\x9d", FaultKind::not_utf8, 2, "is not valid UTF-8 (byte 3)"},      // cut short
};
}  // namespace

TEST_CASE("text rule: UTF-8 without control, bidi, zero-width or separator characters") {
  for (const auto& c : text_cases) {
    CAPTURE(c.text);
    auto fault = text_fault(c.text);
    REQUIRE(fault.has_value() == c.fault.has_value());
    if (!fault) continue;
    CHECK(fault->kind == *c.fault);
    CHECK(fault->at == c.at);
    auto message = describe(*fault, c.text);
    CHECK_THAT(message, Catch::Contains(c.message));
    CHECK(message.find('\n') == std::string::npos);
    CHECK((utf8_error_at(c.text) == std::string_view::npos) == (fault->kind != FaultKind::not_utf8));
  }
  using namespace std::string_literals;
  auto nul = text_fault("Taro\0x"s);
  REQUIRE(nul);
  CHECK(nul->kind == FaultKind::control);
  CHECK(nul->at == 4);
}

TEST_CASE("text rule: check_free_text names the field, the rule and the value") {
  CHECK_FALSE(check_free_text("name", "\xe6\x9c\xa8\xe5\x86\x85"));
  auto bidi = check_free_text("name", "Taro\xe2\x80\xae");
  REQUIRE(bidi);
  CHECK(bidi->rule == "text.name");
  CHECK(bidi->message ==
        "name 'Taro\\xe2\\x80\\xae' contains a bidi control U+202E (byte 5); text must be UTF-8 without "
        "control, bidi or zero-width characters");
  auto zw = check_free_text("affiliation", "\xe2\x80\x8b");
  REQUIRE(zw);
  CHECK(zw->rule == "text.affiliation");
  auto longer = check_free_text("reason", std::string(257, 'a'));
  REQUIRE(longer);
  CHECK_THAT(longer->message, Catch::Contains("is too long (257 bytes; 256 at most)"));
  CHECK_FALSE(check_free_text("reason", std::string(256, 'a')));
}

TEST_CASE("text rule: terminal_safe shows what the rule refuses, keeps the rest") {
  CHECK(terminal_safe("\xe6\x9c\xa8\xe5\x86\x85 Taro") == "\xe6\x9c\xa8\xe5\x86\x85 Taro");
  CHECK(terminal_safe("evil\xe2\x80\xaetxt.exe") == "evil<U+202E>txt.exe");
  CHECK(terminal_safe("a\x1b[2Jb") == "a<U+001B>[2Jb");
  CHECK(terminal_safe("a\xc2\x9b" "b\xff") == "a<U+009B>b\\xff");
}

TEST_CASE("token rule: one word of visible ASCII, at most 4 KiB, never quoted") {
  CHECK(token_from_file_content("  abc-DEF_123\n").token == "abc-DEF_123");
  CHECK(token_from_file_content("abc").problem.empty());
  CHECK(token_from_file_content(" \n").problem == "empty; expected a bearer token");
  auto two = token_from_file_content("secret-one secret-two\n");
  CHECK(two.problem == "the token must be one word of visible ASCII characters");
  CHECK(two.token.empty());
  CHECK(token_from_file_content(std::string(4097, 'a')).problem == "larger than 4 KiB; not a token file");
  CHECK(token_from_file_content(std::string(4096, 'a')).problem.empty());
  CHECK_FALSE(valid_bearer_token("t\xc3\xa9"));
}
