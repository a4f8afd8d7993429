// test_address.cpp — envelope recipient parsing and +detail splitting.
#include <catch2/catch.hpp>

#include "core/address.hpp"

using namespace umind;

namespace {
struct AddressCase {
  const char* text;
  const char* local;   // nullptr = refused
  const char* domain;
};
const AddressCase address_cases[] = {
    {"<taro-tky@umin.ac.jp>", "taro-tky", "umin.ac.jp"},
    {"taro-tky@umin.ac.jp", "taro-tky", "umin.ac.jp"},
    {"<Taro-TKY@UMIN.AC.JP>", "Taro-TKY", "UMIN.AC.JP"},
    {"<taro-tky@umin.ac.jp.>", "taro-tky", "umin.ac.jp"},
    {"<@relay.example,@b.example:taro-tky@umin.ac.jp>", "taro-tky", "umin.ac.jp"},
    {"<postmaster>", "postmaster", ""},
    {"<taro-tky+news@umin.ac.jp>", "taro-tky+news", "umin.ac.jp"},
    {"<\"taro tky\"@umin.ac.jp>", "\"taro tky\"", "umin.ac.jp"},
    {"<\"a@b\"@umin.ac.jp>", "\"a@b\"", "umin.ac.jp"},
    {"<\"a\\\"b\"@umin.ac.jp>", "\"a\\\"b\"", "umin.ac.jp"},
    {"", nullptr, nullptr},
    {"<>", nullptr, nullptr},
    {"<", nullptr, nullptr},
    {"<taro@umin.ac.jp", nullptr, nullptr},
    {"taro@", nullptr, nullptr},
    {"@umin.ac.jp", nullptr, nullptr},
    {"<@relay.example>", nullptr, nullptr},
    {"<@relay.example:>", nullptr, nullptr},
    {"<taro tky@umin.ac.jp>", nullptr, nullptr},
    {"<taro\r\n@umin.ac.jp>", nullptr, nullptr},
    {"<taro@umin.ac.jp@evil>", nullptr, nullptr},
    {"<taro@.>", nullptr, nullptr},
    {"<\"unterminated@umin.ac.jp>", nullptr, nullptr},
    {"<\"a\x01\"@umin.ac.jp>", nullptr, nullptr},
};
}  // namespace

TEST_CASE("address: recipient forms a milter receives") {
  for (const auto& c : address_cases) {
    CAPTURE(c.text);
    auto a = parse_mail_address(c.text);
    if (c.local == nullptr) {
      CHECK_FALSE(a.has_value());
    } else {
      REQUIRE(a.has_value());
      CHECK(a->local == c.local);
      CHECK(a->domain == c.domain);
    }
  }
}

TEST_CASE("address: +detail is split at the first delimiter character") {
  auto p = split_detail("taro-tky+news+x", "+");
  CHECK(p.base == "taro-tky");
  CHECK(p.detail == "+news+x");
  p = split_detail("taro-tky=a+b", "+=");
  CHECK(p.base == "taro-tky");
  CHECK(p.detail == "=a+b");
  p = split_detail("taro-tky", "+");
  CHECK(p.base == "taro-tky");
  CHECK(p.detail.empty());
  p = split_detail("taro-tky+news", "");
  CHECK(p.base == "taro-tky+news");
  p = split_detail("+news", "+");
  CHECK(p.base.empty());
  CHECK(p.detail == "+news");
}

TEST_CASE("address: case-insensitive comparison") {
  CHECK(iequals("UMIN.ac.JP", "umin.ac.jp"));
  CHECK_FALSE(iequals("umin.ac.jp", "umin.ac.jpx"));
  CHECK_FALSE(iequals("umin.ac.jq", "umin.ac.jp"));
}
