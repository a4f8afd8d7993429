// time.hpp — UTC instants and their text forms (ISO 8601 for people and JSON,
// GeneralizedTime for LDAP). Pure: nothing here reads a clock; callers pass
// "now" in, so every rule that depends on time is testable across years.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace umind {

using TimePoint = std::chrono::sys_seconds;

// "2026-03-01T09:00:00Z"
std::string format_iso8601(TimePoint t);
// Accepts "YYYY-MM-DDTHH:MM:SSZ" and "YYYY-MM-DDTHH:MM:SS+HH:MM"/"-HH:MM"
// (converted to UTC); nothing else. Returns nullopt on any other text.
std::optional<TimePoint> parse_iso8601(std::string_view text);

// LDAP GeneralizedTime in UTC with seconds: "20260301090000Z".
std::string format_generalized_time(TimePoint t);
// Accepts "YYYYMMDDHHMMSSZ" (also with optional fraction ".fff" before Z).
std::optional<TimePoint> parse_generalized_time(std::string_view text);

// Same month, day and time of day, `years` later (or earlier); a Feb 29 that
// does not exist in the target year becomes Feb 28 (DESIGN §3, §10).
TimePoint add_calendar_years(TimePoint t, int years);

}  // namespace umind
