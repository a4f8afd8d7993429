// clock.hpp — where "now" comes from. The daemon uses the system clock; tests
// start umind with --fake-clock FILE and move time by writing an ISO 8601
// instant into FILE (rename locks and password schedules across years in
// seconds). Never used for anything but business time.
#pragma once
#include <memory>
#include <string>

#include "core/time.hpp"

namespace umind {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

std::unique_ptr<Clock> system_clock();

// The physical time (never faked), for what is measured between hosts: the
// uminHeartbeat the sync role writes and the replica's age. Business time
// (forwarding windows, password schedules) comes from a Clock.
TimePoint wall_clock_now();
// Reads FILE on every call; the system clock when FILE is absent or unreadable.
std::unique_ptr<Clock> file_clock(std::string path);

}  // namespace umind
