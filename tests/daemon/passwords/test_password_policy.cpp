// test_password_policy.cpp — check_new_password: a table of passwords and the
// rule each breaks; refusals never contain the password or the ID. Test
// passwords only.
#include <catch2/catch.hpp>

#include <string>

#include "daemon/passwords/password_policy.hpp"

using namespace umind;
using namespace std::string_literals;

namespace {

struct Row {
  std::string password;
  std::string id;  // "" = the one-argument overload
  std::string rule;  // "" = accepted
  const char* why;
};

std::string repeat(std::string_view unit, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += unit;
  return s;
}

}  // namespace

TEST_CASE("check_new_password table", "[policy]") {
  auto row = GENERATE(values<Row>({
      {"Tky-2024!", "", "", "letters, digits, symbols"},
      {"abcd1234", "", "", "exactly 8"},
      {std::string(128, 'a'), "", "", "exactly 128"},
      {"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "", "", "every ASCII symbol"},
      {"", "", "password.length", "empty"},
      {"abc1234", "", "password.length", "7 characters"},
      {std::string(129, 'a'), "", "password.length", "129 characters"},
      {"\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89", "", "password.length",
       "5 katakana: 15 bytes but 5 characters"},
      {"pass word1", "", "password.characters", "a space"},
      {"\xef\xbd\x90\xef\xbd\x81\xef\xbd\x93\xef\xbd\x93\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94", "",
       "password.characters", "full-width 'pass1234'"},
      {repeat("\xef\xbd\x81", 128), "", "password.characters", "128 full-width characters are 384 bytes"},
      {"abcd\t1234", "", "password.characters", "a tab"},
      {"abcd1234\x7f", "", "password.characters", "DEL"},
      {"abcd1234\n", "", "password.characters", "trailing newline"},
      {"abcd\0001234"s, "", "password.characters", "NUL"},
      {"abcd1234\x80", "", "password.characters", "a stray UTF-8 continuation byte"},
      {"caf\xc3\xa9-1234", "", "password.characters", "e with acute accent"},
      {"taro-tky2024!", "taro-tky", "password.contains-id", "the ID as a prefix"},
      {"2024!TARO-TKY", "taro-tky", "password.contains-id", "the ID in upper case"},
      {"xTaro-Tky9", "taro-tky", "password.contains-id", "the ID in mixed case, inside"},
      {"tarotky2024!", "taro-tky", "", "the ID without its hyphen is fine"},
      {"taro-tk2024!", "taro-tky", "", "part of the ID is fine"},
      {"ab-cd", "ab-cd", "password.length", "length is checked before the ID"},
      {"taro tky 2024", "taro-tky", "password.characters", "characters before the ID"},
  }));
  CAPTURE(row.why);
  Check refusal = row.id.empty() ? check_new_password(row.password) : check_new_password(row.password, row.id);
  if (row.rule.empty()) {
    CHECK_FALSE(refusal.has_value());
  } else {
    REQUIRE(refusal.has_value());
    CHECK(refusal->rule == row.rule);
    CHECK_FALSE(refusal->message.empty());
    if (!row.password.empty()) CHECK(refusal->message.find(row.password) == std::string::npos);
    if (!row.id.empty()) CHECK(refusal->message.find(row.id) == std::string::npos);
  }
}

TEST_CASE("the characters refusal says what is not allowed", "[policy]") {
  auto refusal = check_new_password("pass word1");
  REQUIRE(refusal);
  CHECK_THAT(refusal->message, Catch::Contains("full-width or control characters and spaces are not allowed"));
}

TEST_CASE("the ID overload with an empty ID is the plain check", "[policy]") {
  CHECK_FALSE(check_new_password("Tky-2024!", ""));
  CHECK(check_new_password("short", "")->rule == "password.length");
}
