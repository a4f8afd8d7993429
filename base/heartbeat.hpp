// heartbeat.hpp — proof that a thread is still making progress, for the
// systemd watchdog. The thread (or a task posted to it) calls beat(); the
// daemon shell asks how long it has been silent. Lock-free, any thread.
#pragma once
#include <atomic>
#include <chrono>

namespace umind {

class Heartbeat {
 public:
  using clock = std::chrono::steady_clock;

  Heartbeat() noexcept { beat(); }
  void beat() noexcept { last_.store(clock::now().time_since_epoch().count(), std::memory_order_release); }
  clock::duration silent_for(clock::time_point now = clock::now()) const noexcept {
    return now - clock::time_point(clock::duration(last_.load(std::memory_order_acquire)));
  }

 private:
  std::atomic<clock::rep> last_{0};
};

}  // namespace umind
