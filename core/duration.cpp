// duration.cpp — parsing and calendar-aware addition of config durations.
#include "core/duration.hpp"

#include <charconv>
#include <limits>

namespace umind {

std::optional<Duration> Duration::parse(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  std::string_view digits = text.substr(0, text.size() - 1);
  for (char c : digits)
    if (c < '0' || c > '9') return std::nullopt;
  long long n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  // 1000 years is far beyond any sensible setting and keeps every sum in range.
  constexpr long long max_seconds = 1000LL * 366 * 86400;
  long long scale = 0;
  switch (unit) {
    case 's': scale = 1; break;
    case 'm': scale = 60; break;
    case 'h': scale = 3600; break;
    case 'd': scale = 86400; break;
    case 'w': scale = 7 * 86400; break;
    case 'y':
      if (n > 1000) return std::nullopt;
      return of_years(static_cast<int>(n));
    default: return std::nullopt;
  }
  if (n > max_seconds / scale) return std::nullopt;
  return of_seconds(std::chrono::seconds{n * scale});
}

TimePoint Duration::after(TimePoint t) const {
  return add_calendar_years(t, years_) + fixed_;
}

std::chrono::seconds Duration::approximate() const {
  return fixed_ + std::chrono::seconds{static_cast<long long>(years_) * 365 * 86400};
}

std::string Duration::to_string() const {
  if (years_ != 0) return std::to_string(years_) + "y";
  long long s = fixed_.count();
  if (s != 0 && s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s != 0 && s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s != 0 && s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

}  // namespace umind
