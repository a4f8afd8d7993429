// password_schedule.cpp — effective-time arithmetic of DESIGN §4.
#include "core/password_schedule.hpp"

#include "core/overload.hpp"

namespace umind {

TimePoint password_effective_at(const PasswordApply& policy, TimePoint requested) {
  return std::visit(
      Overload{
          [&](const ApplyHourly&) -> TimePoint {
            return std::chrono::floor<std::chrono::hours>(requested) + std::chrono::hours{1};
          },
          [&](const ApplyAfterDelay& d) -> TimePoint { return d.delay.after(requested); },
          [&](const ApplyImmediately&) -> TimePoint { return requested; },
      },
      policy);
}

std::string describe(const PasswordApply& policy) {
  return std::visit(Overload{
                        [](const ApplyHourly&) { return std::string{"hourly"}; },
                        [](const ApplyAfterDelay& d) { return "delay " + d.delay.to_string(); },
                        [](const ApplyImmediately&) { return std::string{"immediate"}; },
                    },
                    policy);
}

}  // namespace umind
