// snapshot.hpp — one immutable view of the replica: the base table (every
// entry at the last fold) plus the overlay of changes since. It answers the
// core's Directory; a decision keeps its snapshot alive (shared_ptr), so the
// string views it returns stay valid however the replica moves on.
#pragma once
#include <cstddef>
#include <memory>

#include "core/routing.hpp"
#include "milter/replica/route_table.hpp"

namespace umind::replica {

struct EntryCounts {
  std::size_t live = 0, aliases = 0, lists = 0;
  std::size_t total() const noexcept { return live + aliases + lists; }
};

class Snapshot final : public Directory {
 public:
  Snapshot(std::shared_ptr<const RouteTable> base, std::shared_ptr<const RouteTable> overlay, EntryCounts counts)
      : base_(std::move(base)), overlay_(std::move(overlay)), counts_(counts) {}

  std::optional<DirectoryEntry> find(std::string_view local) const override;
  // The record of this entryUUID as the snapshot sees it (nullopt when gone).
  std::optional<RouteRecord> find(const EntryUuid& uuid) const;
  const EntryCounts& counts() const noexcept { return counts_; }
  std::size_t memory_bytes() const noexcept;

 private:
  std::shared_ptr<const RouteTable> base_, overlay_;
  EntryCounts counts_;
};

}  // namespace umind::replica
