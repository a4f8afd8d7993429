// replica_view.cpp — freshness bookkeeping.
#include "milter/replica/replica_view.hpp"

#include <algorithm>

namespace umind::replica {

DirectoryFreshness ReplicaView::freshness(TimePoint now) const noexcept {
  std::int64_t at = fresh_at_.load(std::memory_order_acquire);
  if (at == never) return {};
  TimePoint link = live_.load(std::memory_order_acquire) ? now : TimePoint(std::chrono::seconds(at));
  TimePoint current_at = link;
  if (auto beat = heartbeat()) current_at = std::min(link, *beat);
  return {std::max(std::chrono::seconds{0}, now - current_at)};
}

void ReplicaView::set_heartbeat(std::optional<TimePoint> at) noexcept {
  heartbeat_.store(at ? at->time_since_epoch().count() : never, std::memory_order_release);
}

std::optional<TimePoint> ReplicaView::heartbeat() const noexcept {
  std::int64_t at = heartbeat_.load(std::memory_order_acquire);
  if (at == never) return std::nullopt;
  return TimePoint(std::chrono::seconds(at));
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
