// snapshot.cpp — lookups through the overlay, then the base.
#include "milter/replica/snapshot.hpp"

namespace umind::replica {

std::optional<DirectoryEntry> Snapshot::find(std::string_view local) const {
  if (overlay_) {
    if (const auto* s = overlay_->find(local)) return overlay_->entry(*s);
  }
  if (!base_) return std::nullopt;
  const auto* s = base_->find(local);
  if (s == nullptr) return std::nullopt;
  // Changed since the base (renamed, deleted, or replaced under this name):
  // the overlay holds the truth for this entryUUID.
  if (overlay_ && overlay_->find(s->uuid) != nullptr) return std::nullopt;
  return base_->entry(*s);
}

std::optional<RouteRecord> Snapshot::find(const EntryUuid& uuid) const {
  if (overlay_) {
    if (const auto* s = overlay_->find(uuid)) {
      if (RouteTable::is_tombstone(*s)) return std::nullopt;
      return overlay_->record(*s);
    }
  }
  if (!base_) return std::nullopt;
  const auto* s = base_->find(uuid);
  if (s == nullptr || RouteTable::is_tombstone(*s)) return std::nullopt;
  return base_->record(*s);
}

std::size_t Snapshot::memory_bytes() const noexcept {
  return (base_ ? base_->memory_bytes() : 0) + (overlay_ ? overlay_->memory_bytes() : 0);
}

}  // namespace umind::replica
