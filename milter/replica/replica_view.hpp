// replica_view.hpp — what the milter threads read of the replica: the latest
// snapshot (swapped by the sync thread; a reader holds the lock only to copy
// the pointer) and how fresh it is, end to end (DESIGN §6): the older of the
// uminHeartbeat the replica holds (written by the central sync role, carried
// through every syncrepl hop) and the moment the milter's own link was last
// known good (now while it follows slapd live).
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/guarded_shared_ptr.hpp"
#include "core/routing.hpp"
#include "milter/replica/snapshot.hpp"

namespace umind::replica {

class ReplicaView {
 public:
  std::shared_ptr<const Snapshot> snapshot() const noexcept { return snapshot_.load(); }
  // `now`: wall_clock_now() (physical time, like the heartbeat and marks).
  DirectoryFreshness freshness(TimePoint now) const noexcept;

  // Sync thread only.
  void publish(std::shared_ptr<const Snapshot> s) noexcept { snapshot_.store(std::move(s)); }
  // Following the provider from `now` on.
  void mark_live(TimePoint now) noexcept;
  // The link broke at `now`; the replica was current until then.
  void mark_lost(TimePoint now) noexcept;
  // The uminHeartbeat of the snapshot just published (none: the staleness
  // is the link's only).
  void set_heartbeat(std::optional<TimePoint> at) noexcept;
  bool live() const noexcept { return live_.load(std::memory_order_acquire); }
  std::optional<TimePoint> heartbeat() const noexcept;

 private:
  static constexpr std::int64_t never = INT64_MIN;
  GuardedSharedPtr<const Snapshot> snapshot_;
  std::atomic<std::int64_t> fresh_at_{never};
  std::atomic<std::int64_t> heartbeat_{never};
  std::atomic<bool> live_{false};
};

}  // namespace umind::replica
