// replica_builder.hpp — turns the RFC 4533 content-sync stream into
// snapshots, without any I/O (the sync client feeds it; tests feed it by
// hand). A first refresh (or one the server made a full reload) is built in
// bulk into a new base; later changes go to a small overlay, rebuilt on each
// publish and folded into a new base once it grows, so one change never
// copies a million entries. A present-phase refresh (after a reconnect)
// deletes every entry the server neither sent nor declared present.
// Runs on one thread; what it publishes is immutable.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "milter/replica/route_table.hpp"
#include "milter/replica/snapshot.hpp"

namespace umind::replica {

class ReplicaBuilder {
 public:
  // `fold_at`: overlay size at which the overlay is merged into the base.
  explicit ReplicaBuilder(std::size_t fold_at = 8192) : fold_at_(fold_at) {}

  // A sync search starts. `full`: the server will send everything (no
  // cookie, or it asked for a reload); the result replaces the base.
  void begin_refresh(bool full);
  // An entry added or changed (full content), in refresh or persist.
  // False when the record cannot be stored (name or target too long).
  bool upsert(const RouteRecord& r);
  // An entry the server says is unchanged (refresh, present phase).
  void present(const EntryUuid& uuid);
  // An entry deleted (or gone out of scope).
  void remove(const EntryUuid& uuid);
  // A present phase ended: everything neither sent nor present is deleted.
  void end_present_phase();
  // The refresh is complete: from now on the replica is loaded.
  void end_refresh();
  // The connection broke during a refresh: a full one is dropped (the base
  // in use stays), a delta keeps what it applied.
  void abort_refresh();

  bool loaded() const noexcept { return loaded_; }
  bool in_refresh() const noexcept { return in_refresh_; }
  bool dirty() const noexcept { return dirty_; }
  // The current state as an immutable snapshot (rebuilds the overlay, folds
  // it into the base when large). Null before the first complete refresh.
  std::shared_ptr<const Snapshot> publish();
  std::size_t overlay_size() const noexcept { return pending_.size(); }

 private:
  std::optional<RouteRecord> current(const EntryUuid& uuid) const;
  void fold();
  EntryCounts count() const;

  std::size_t fold_at_;
  std::shared_ptr<const RouteTable> base_;
  EntryCounts base_counts_;
  std::unordered_map<EntryUuid, std::optional<RouteRecord>, EntryUuidHash> pending_;  // nullopt: deleted
  std::optional<RouteTable::Builder> bulk_;
  std::unordered_set<EntryUuid, EntryUuidHash> seen_;  // delta refresh: sent or present
  bool in_refresh_ = false;
  bool loaded_ = false;
  bool dirty_ = false;
  std::shared_ptr<const Snapshot> published_;
};

}  // namespace umind::replica
