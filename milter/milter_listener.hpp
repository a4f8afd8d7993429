// milter_listener.hpp — libmilter's listener and its smfi_main() on a thread
// of its own. libmilter keeps global state (one filter, one smfi_main per
// process), so there is at most one MilterListener in a process. smfi_main
// spawns libmilter's signal thread, which stops the milter on SIGTERM, SIGINT
// and SIGHUP; umind's own signal handling (SIGTERM stops, SIGUSR1 reloads)
// usually gets the signal first and calls stop(). When libmilter's thread
// took it instead, smfi_main returns on its own and `on_unplanned_exit` runs
// (umind then stops as a whole, never running on without its milter).
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/listen_address.hpp"

namespace umind::milter {

class MilterListener {
 public:
  explicit MilterListener(std::function<void()> on_unplanned_exit) : on_unplanned_exit_(std::move(on_unplanned_exit)) {}
  MilterListener(const MilterListener&) = delete;
  MilterListener& operator=(const MilterListener&) = delete;
  ~MilterListener() { stop(); }

  // Registers the filter and opens the socket (throws naming the address on
  // failure: port taken, bad path), then serves on a new thread. A unix
  // socket gets mode 0660: put the MTA's user in umind's group.
  void start(const ListenAddress& where);
  // smfi_stop, and connections to the listener so libmilter notices at once
  // instead of within 5 s (TESTBED #14); returns when smfi_main has returned.
  void stop();
  // smfi_main returned without stop(): umind must exit non-zero (a restart).
  bool stopped_on_its_own() const noexcept { return stopped_on_its_own_.load(); }

 private:
  void poke() const;
  ListenAddress where_;
  std::function<void()> on_unplanned_exit_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> stopped_on_its_own_{false};
  std::mutex mutex_;
  std::condition_variable exited_cv_;
  bool exited_ = false;
  std::thread thread_;
};

}  // namespace umind::milter
