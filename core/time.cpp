// time.cpp — text forms of UTC instants and calendar-year arithmetic.
#include "core/time.hpp"

#include <charconv>
#include <cstdio>

namespace umind {
namespace {

using namespace std::chrono;

// Reads exactly `width` decimal digits at `pos`; advances pos.
std::optional<int> read_digits(std::string_view s, std::size_t& pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

std::optional<TimePoint> make_time(int y, int mo, int d, int h, int mi, int se) {
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 59) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{se};
}

// Writes t's UTC fields through a printf format of six ints (y, mo, d, h, mi, s).
std::string format_fields(TimePoint t, const char* format) {
  auto day_point = floor<days>(t);
  year_month_day ymd{day_point};
  hh_mm_ss hms{t - day_point};
  char buf[32];
  std::snprintf(buf, sizeof buf, format, static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace

std::string format_iso8601(TimePoint t) { return format_fields(t, "%04d-%02u-%02uT%02d:%02d:%02dZ"); }

std::optional<TimePoint> parse_iso8601(std::string_view s) {
  std::size_t p = 0;
  auto y = read_digits(s, p, 4);
  if (!y || !expect(s, p, '-')) return std::nullopt;
  auto mo = read_digits(s, p, 2);
  if (!mo || !expect(s, p, '-')) return std::nullopt;
  auto d = read_digits(s, p, 2);
  if (!d || !expect(s, p, 'T')) return std::nullopt;
  auto h = read_digits(s, p, 2);
  if (!h || !expect(s, p, ':')) return std::nullopt;
  auto mi = read_digits(s, p, 2);
  if (!mi || !expect(s, p, ':')) return std::nullopt;
  auto se = read_digits(s, p, 2);
  if (!se) return std::nullopt;
  auto t = make_time(*y, *mo, *d, *h, *mi, *se);
  if (!t) return std::nullopt;
  if (p + 1 == s.size() && s[p] == 'Z') return t;
  if (p + 6 != s.size() || (s[p] != '+' && s[p] != '-')) return std::nullopt;
  int sign = s[p] == '+' ? 1 : -1;
  ++p;
  auto oh = read_digits(s, p, 2);
  if (!oh || !expect(s, p, ':')) return std::nullopt;
  auto om = read_digits(s, p, 2);
  if (!om || *oh > 23 || *om > 59) return std::nullopt;
  return *t - sign * (hours{*oh} + minutes{*om});
}

std::string format_generalized_time(TimePoint t) { return format_fields(t, "%04d%02u%02u%02d%02d%02dZ"); }

std::optional<TimePoint> parse_generalized_time(std::string_view s) {
  std::size_t p = 0;
  auto y = read_digits(s, p, 4);
  auto mo = read_digits(s, p, 2);
  auto d = read_digits(s, p, 2);
  auto h = read_digits(s, p, 2);
  auto mi = read_digits(s, p, 2);
  auto se = read_digits(s, p, 2);
  if (!y || !mo || !d || !h || !mi || !se) return std::nullopt;
  if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
    ++p;
    std::size_t digits = 0;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p, ++digits;
    if (digits == 0) return std::nullopt;
  }
  if (p + 1 != s.size() || s[p] != 'Z') return std::nullopt;
  return make_time(*y, *mo, *d, *h, *mi, *se);
}

TimePoint add_calendar_years(TimePoint t, int years) {
  auto day_point = floor<days>(t);
  auto time_of_day = t - day_point;
  year_month_day ymd{day_point};
  year_month_day moved = ymd + std::chrono::years{years};
  if (!moved.ok()) moved = moved.year() / moved.month() / last;  // Feb 29 -> Feb 28
  return sys_days{moved} + time_of_day;
}

}  // namespace umind
