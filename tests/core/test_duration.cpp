// test_duration.cpp — config durations: units, refusals, calendar years.
#include <catch2/catch.hpp>

#include "core/duration.hpp"

using namespace umind;
using namespace std::chrono;

TEST_CASE("duration: every unit parses") {
  CHECK(Duration::parse("30s")->fixed() == seconds{30});
  CHECK(Duration::parse("10m")->fixed() == minutes{10});
  CHECK(Duration::parse("1h")->fixed() == hours{1});
  CHECK(Duration::parse("365d")->fixed() == hours{24 * 365});
  CHECK(Duration::parse("2w")->fixed() == hours{24 * 14});
  CHECK(Duration::parse("0s")->is_zero());
  auto year = Duration::parse("1y");
  REQUIRE(year);
  CHECK(year->has_years());
  CHECK(year->years() == 1);
  CHECK(year->fixed() == seconds{0});
  CHECK(year->approximate() == hours{24 * 365});
}

TEST_CASE("duration: anything else is refused") {
  for (const char* bad : {"", "s", "1", "-1s", "+1s", "1.5h", "1 h", " 1h", "1h ", "1H", "1hh", "1h30m",
                          "h1", "99999999999999999999s", "1001y", "9999999999d", "0x10s"}) {
    CAPTURE(bad);
    CHECK_FALSE(Duration::parse(bad));
  }
}

TEST_CASE("duration: canonical text") {
  for (const char* text : {"30s", "10m", "1h", "365d", "1y", "0s", "90s"}) {
    CAPTURE(text);
    CHECK(Duration::parse(text)->to_string() == text);
  }
  CHECK(Duration::parse("120m")->to_string() == "2h");
}

TEST_CASE("duration: a year is a calendar year, 365d is not") {
  auto leap_day = sys_days{2024y / February / 29} + hours{10};
  CHECK(Duration::parse("1y")->after(leap_day) == sys_days{2025y / February / 28} + hours{10});
  auto new_year = sys_days{2024y / January / 1};
  CHECK(Duration::parse("365d")->after(new_year) == sys_days{2024y / December / 31});
  CHECK(Duration::parse("1y")->after(new_year) == sys_days{2025y / January / 1});
  CHECK(Duration::parse("90s")->after(new_year) == new_year + seconds{90});
}
