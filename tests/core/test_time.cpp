// test_time.cpp — ISO 8601 / GeneralizedTime text forms and calendar years.
#include <catch2/catch.hpp>

#include "time_literals.hpp"

#include "core/time.hpp"

using namespace umind;
using umind::test::at;


TEST_CASE("time: ISO 8601 round trip and offsets") {
  CHECK(format_iso8601(at("2026-03-01T09:00:00Z")) == "2026-03-01T09:00:00Z");
  CHECK(format_iso8601(at("2026-03-01T09:00:00+09:00")) == "2026-03-01T00:00:00Z");
  CHECK(format_iso8601(at("2026-03-01T00:30:00-01:00")) == "2026-03-01T01:30:00Z");
  CHECK(format_iso8601(at("2024-02-29T23:59:59Z")) == "2024-02-29T23:59:59Z");
  CHECK(format_iso8601(TimePoint{}) == "1970-01-01T00:00:00Z");
}

TEST_CASE("time: malformed ISO 8601 is refused") {
  for (const char* bad : {"", "2026-03-01", "2026-03-01T09:00:00", "2026-02-30T00:00:00Z",
                          "2023-02-29T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T09:60:00Z",
                          "2026-03-01 09:00:00Z", "2026-3-01T09:00:00Z", "2026-03-01T09:00:00+0900",
                          "2026-03-01T09:00:00Zjunk", "2026-03-01T09:00:00+25:00"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_iso8601(bad));
  }
}

TEST_CASE("time: GeneralizedTime for LDAP") {
  CHECK(format_generalized_time(at("2027-11-25T09:00:00Z")) == "20271125090000Z");
  CHECK(parse_generalized_time("20271125090000Z") == at("2027-11-25T09:00:00Z"));
  CHECK(parse_generalized_time("20271125090000.123Z") == at("2027-11-25T09:00:00Z"));
  CHECK_FALSE(parse_generalized_time("20271125090000"));
  CHECK_FALSE(parse_generalized_time("20271325090000Z"));
  CHECK_FALSE(parse_generalized_time("20271125090000.Z"));
}

TEST_CASE("time: calendar years keep date and time, Feb 29 becomes Feb 28") {
  CHECK(add_calendar_years(at("2026-03-01T09:00:00Z"), 1) == at("2027-03-01T09:00:00Z"));
  CHECK(add_calendar_years(at("2024-02-29T10:00:00Z"), 1) == at("2025-02-28T10:00:00Z"));
  CHECK(add_calendar_years(at("2024-02-29T10:00:00Z"), 4) == at("2028-02-29T10:00:00Z"));
  CHECK(add_calendar_years(at("2024-02-28T10:00:00Z"), 1) == at("2025-02-28T10:00:00Z"));
  CHECK(add_calendar_years(at("2026-12-31T23:59:59Z"), 1) == at("2027-12-31T23:59:59Z"));
  CHECK(add_calendar_years(at("2027-03-01T00:00:00Z"), -1) == at("2026-03-01T00:00:00Z"));
  CHECK(add_calendar_years(at("2025-03-01T00:00:00Z"), 0) == at("2025-03-01T00:00:00Z"));
}
