// replica_view.cpp — freshness bookkeeping.
#include "milter/replica/replica_view.hpp"

namespace umind::replica {

DirectoryFreshness ReplicaView::freshness(TimePoint now) const noexcept {
  std::int64_t at = fresh_at_.load(std::memory_order_acquire);
  if (at == never) return {};
  if (live_.load(std::memory_order_acquire)) return {now};
  return {TimePoint(std::chrono::seconds(at))};
}

void ReplicaView::mark_live(TimePoint now) noexcept {
  fresh_at_.store(now.time_since_epoch().count(), std::memory_order_release);
  live_.store(true, std::memory_order_release);
}

void ReplicaView::mark_lost(TimePoint now) noexcept {
  if (!live_.exchange(false, std::memory_order_acq_rel)) return;
  fresh_at_.store(now.time_since_epoch().count(), std::memory_order_release);
}

}  // namespace umind::replica
