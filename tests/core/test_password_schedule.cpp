// test_password_schedule.cpp — when a changed password takes effect (DESIGN
// §4) across hour, day, year and leap-day boundaries.
#include <catch2/catch.hpp>

#include "time_literals.hpp"

#include "core/password_schedule.hpp"

using namespace umind;
using umind::test::at;

namespace {
struct ScheduleCase {
  const char* requested;
  const char* effective;
};
}  // namespace

TEST_CASE("password schedule: hourly lands at the next top of the hour") {
  const ScheduleCase cases[] = {
      {"2026-11-25T10:00:00Z", "2026-11-25T11:00:00Z"},  // exactly on the hour: the next batch
      {"2026-11-25T10:00:01Z", "2026-11-25T11:00:00Z"},
      {"2026-11-25T10:59:59Z", "2026-11-25T11:00:00Z"},
      {"2026-11-25T23:30:00Z", "2026-11-26T00:00:00Z"},  // day boundary
      {"2026-11-30T23:59:59Z", "2026-12-01T00:00:00Z"},  // month boundary
      {"2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"},  // year boundary
      {"2028-02-28T23:10:00Z", "2028-02-29T00:00:00Z"},  // into a leap day
      {"2028-02-29T23:10:00Z", "2028-03-01T00:00:00Z"},  // out of a leap day
      {"2027-02-28T23:10:00Z", "2027-03-01T00:00:00Z"},  // no leap day
  };
  for (const auto& c : cases) {
    CAPTURE(c.requested);
    CHECK(format_iso8601(password_effective_at(ApplyHourly{}, at(c.requested))) == c.effective);
  }
}

TEST_CASE("password schedule: a fixed delay, including calendar years") {
  auto delay = [](const char* d) { return PasswordApply{ApplyAfterDelay{*Duration::parse(d)}}; };
  CHECK(password_effective_at(delay("2s"), at("2026-11-25T10:00:00Z")) == at("2026-11-25T10:00:02Z"));
  CHECK(password_effective_at(delay("1h"), at("2026-12-31T23:30:00Z")) == at("2027-01-01T00:30:00Z"));
  CHECK(password_effective_at(delay("1d"), at("2028-02-28T12:00:00Z")) == at("2028-02-29T12:00:00Z"));
  CHECK(password_effective_at(delay("1y"), at("2028-02-29T12:00:00Z")) == at("2029-02-28T12:00:00Z"));
}

TEST_CASE("password schedule: immediate means now") {
  CHECK(password_effective_at(ApplyImmediately{}, at("2026-11-25T10:17:03Z")) == at("2026-11-25T10:17:03Z"));
}

TEST_CASE("password schedule: described for status output") {
  CHECK(describe(PasswordApply{ApplyHourly{}}) == "hourly");
  CHECK(describe(PasswordApply{ApplyImmediately{}}) == "immediate");
  CHECK(describe(PasswordApply{ApplyAfterDelay{*Duration::parse("2s")}}) == "delay 2s");
}
