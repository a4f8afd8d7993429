// test_random_password.cpp — random_password: length, alphabet without
// look-alikes, one upper, one lower, one digit, passing the policy; over 10k
// samples, with a loose uniformity check. Never prints the passwords.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "daemon/passwords/password_policy.hpp"

using namespace umind;

TEST_CASE("the alphabet has letters and digits without look-alikes", "[random]") {
  CHECK(random_password_alphabet.size() == 56);
  for (char c : std::string_view("0Oo1lI")) CHECK(random_password_alphabet.find(c) == std::string_view::npos);
  std::set<char> unique(random_password_alphabet.begin(), random_password_alphabet.end());
  CHECK(unique.size() == random_password_alphabet.size());
}

TEST_CASE("10k random passwords have the promised properties", "[random]") {
  constexpr int samples = 10000;
  constexpr std::size_t length = 16;
  std::map<char, long> counts;
  std::set<std::string> seen;
  int bad_length = 0, bad_char = 0, no_upper = 0, no_lower = 0, no_digit = 0, refused = 0;
  for (int i = 0; i < samples; ++i) {
    std::string pw = random_password();
    bad_length += pw.size() != length;
    bad_char += std::any_of(pw.begin(), pw.end(),
                            [](char c) { return random_password_alphabet.find(c) == std::string_view::npos; });
    no_upper += std::none_of(pw.begin(), pw.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    no_lower += std::none_of(pw.begin(), pw.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    no_digit += std::none_of(pw.begin(), pw.end(), [](char c) { return c >= '0' && c <= '9'; });
    refused += check_new_password(pw).has_value();
    for (char c : pw) ++counts[c];
    seen.insert(std::move(pw));
  }
  CHECK(bad_length == 0);
  CHECK(bad_char == 0);
  CHECK(no_upper == 0);
  CHECK(no_lower == 0);
  CHECK(no_digit == 0);
  CHECK(refused == 0);
  CHECK(seen.size() == samples);
  // Each of the 56 characters is expected ~2857 times (digits ~9% more, as
  // passwords without a digit are redrawn); 25% either way is > 10 sigma.
  CHECK(counts.size() == random_password_alphabet.size());
  const double expected = double(samples) * double(length) / double(random_password_alphabet.size());
  for (auto [c, n] : counts) {
    CAPTURE(c, n);
    CHECK(double(n) > expected * 0.75);
    CHECK(double(n) < expected * 1.25);
  }
}

TEST_CASE("random passwords of the shortest and longest lengths", "[random]") {
  for (std::size_t n : {std::size_t{8}, std::size_t{128}}) {
    for (int i = 0; i < 200; ++i) {
      auto pw = random_password(n);
      REQUIRE(pw.size() == n);
      REQUIRE_FALSE(check_new_password(pw));
    }
  }
}

TEST_CASE("random passwords outside the policy's lengths are refused", "[random]") {
  CHECK_THROWS_AS(random_password(0), std::invalid_argument);
  CHECK_THROWS_AS(random_password(7), std::invalid_argument);
  CHECK_THROWS_AS(random_password(129), std::invalid_argument);
}
