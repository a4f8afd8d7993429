// duration.hpp — the durations of the config ("30s", "10m", "1h", "365d",
// "1y"). A year is a calendar year (same date and time next year, Feb 29 ->
// Feb 28), not 365 days, so it is kept apart from the fixed-length part.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace umind {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration of_seconds(std::chrono::seconds s) { return Duration{s, 0}; }
  static constexpr Duration of_years(int y) { return Duration{std::chrono::seconds{0}, y}; }

  // Parses one number and one unit: s, m, h, d, w or y. Returns nullopt for
  // anything else (no sign, no fraction, no spaces, no overflow).
  static std::optional<Duration> parse(std::string_view text);

  // The instant `d` after `t`; calendar years first, then the fixed part.
  TimePoint after(TimePoint t) const;

  bool is_zero() const { return fixed_.count() == 0 && years_ == 0; }
  bool has_years() const { return years_ != 0; }
  // The fixed-length part; for a calendar-year duration this is 0.
  std::chrono::seconds fixed() const { return fixed_; }
  int years() const { return years_; }
  // A duration of years counted as 365 days, for timers and comparisons only.
  std::chrono::seconds approximate() const;

  std::string to_string() const;  // canonical form, e.g. "1h", "1y", "90s"
  friend bool operator==(const Duration&, const Duration&) = default;

 private:
  constexpr Duration(std::chrono::seconds s, int y) : fixed_(s), years_(y) {}
  std::chrono::seconds fixed_{0};
  int years_ = 0;
};

// The hint every duration error shows.
inline constexpr const char* duration_syntax_hint = "a duration like 30s, 10m, 1h, 365d or 1y";

}  // namespace umind
