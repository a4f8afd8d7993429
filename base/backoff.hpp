// backoff.hpp — the one reconnect schedule of umind's directory links (the
// sync role's writer connection, the milter's replica): wait 1 s after the
// first failure, doubling up to 30 s; back to 1 s once a link works again.
#pragma once
#include <algorithm>
#include <chrono>

namespace umind {

class ReconnectBackoff {
 public:
  static constexpr std::chrono::milliseconds first{1000};
  static constexpr std::chrono::milliseconds longest{30'000};

  // The wait before the next attempt; each call doubles the one after.
  std::chrono::milliseconds next() noexcept {
    auto d = delay_;
    delay_ = std::min(delay_ * 2, longest);
    return d;
  }
  void reset() noexcept { delay_ = first; }

 private:
  std::chrono::milliseconds delay_ = first;
};

}  // namespace umind
