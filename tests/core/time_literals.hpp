// time_literals.hpp — test helper: an instant from its ISO 8601 text.
#pragma once
#include <catch2/catch.hpp>

#include "core/time.hpp"

namespace umind::test {
inline TimePoint at(const char* iso) {
  auto t = parse_iso8601(iso);
  REQUIRE(t.has_value());
  return *t;
}
}  // namespace umind::test
