// password_schedule.hpp — when a changed password takes effect (DESIGN §4):
// at the next full hour (the original service's hourly batch), after a fixed
// delay, or at once. Pure arithmetic on UTC instants.
#pragma once
#include <variant>

#include "core/duration.hpp"
#include "core/time.hpp"

namespace umind {

struct ApplyHourly {
  friend bool operator==(const ApplyHourly&, const ApplyHourly&) = default;
};
struct ApplyImmediately {
  friend bool operator==(const ApplyImmediately&, const ApplyImmediately&) = default;
};
struct ApplyAfterDelay {
  Duration delay;
  friend bool operator==(const ApplyAfterDelay&, const ApplyAfterDelay&) = default;
};
using PasswordApply = std::variant<ApplyHourly, ApplyAfterDelay, ApplyImmediately>;

// The instant a password change requested at `requested` takes effect.
// Hourly: the first top of the hour strictly after the request (a change made
// at 10:00:00 lands at 11:00:00 — the 10:00 batch may already have run).
TimePoint password_effective_at(const PasswordApply& policy, TimePoint requested);

// "hourly", "immediate" or "delay 2s" — for status output and logs.
std::string describe(const PasswordApply& policy);

}  // namespace umind
