// replica_builder.cpp — the refresh/persist bookkeeping of the replica.
#include "milter/replica/replica_builder.hpp"

namespace umind::replica {
namespace {

void tally(EntryCounts& c, DirectoryEntry::Type t, long delta) {
  std::size_t& n = t == DirectoryEntry::Type::live ? c.live : t == DirectoryEntry::Type::alias ? c.aliases : c.lists;
  n = static_cast<std::size_t>(static_cast<long>(n) + delta);
}

EntryCounts count_table(const RouteTable& t) {
  EntryCounts c;
  t.for_each([&](const RouteTable::Slot& s) { tally(c, t.entry(s).type, 1); });
  return c;
}

bool storable(const RouteRecord& r) {
  return !r.name.empty() && r.name.size() <= max_name_length && r.target.size() <= max_target_length;
}

}  // namespace

void ReplicaBuilder::begin_refresh(bool full) {
  in_refresh_ = true;
  seen_.clear();
  bulk_.reset();
  if (full || !base_) bulk_.emplace();
}

bool ReplicaBuilder::upsert(const RouteRecord& r) {
  if (bulk_) return bulk_->add(r);
  if (!storable(r)) {
    remove(r.uuid);
    return false;
  }
  pending_[r.uuid] = r;
  if (in_refresh_) seen_.insert(r.uuid);
  dirty_ = true;
  return true;
}

void ReplicaBuilder::present(const EntryUuid& uuid) {
  if (in_refresh_ && !bulk_) seen_.insert(uuid);
}

void ReplicaBuilder::remove(const EntryUuid& uuid) {
  if (bulk_) {
    bulk_->add_tombstone(uuid);
    return;
  }
  if (!current(uuid)) return;
  pending_[uuid] = std::nullopt;
  dirty_ = true;
}

void ReplicaBuilder::end_present_phase() {
  if (bulk_ || !base_) return;
  base_->for_each([&](const RouteTable::Slot& s) {
    if (seen_.count(s.uuid) == 0) pending_[s.uuid] = std::nullopt;
  });
  for (auto& [uuid, rec] : pending_)
    if (rec && seen_.count(uuid) == 0) rec.reset();
  seen_.clear();
  dirty_ = true;
}

void ReplicaBuilder::end_refresh() {
  if (bulk_) {
    base_ = bulk_->finish();
    base_counts_ = count_table(*base_);
    bulk_.reset();
    pending_.clear();
  }
  in_refresh_ = false;
  seen_.clear();
  loaded_ = true;
  dirty_ = true;
}

void ReplicaBuilder::abort_refresh() {
  bulk_.reset();
  seen_.clear();
  in_refresh_ = false;
}

std::optional<RouteRecord> ReplicaBuilder::current(const EntryUuid& uuid) const {
  if (auto it = pending_.find(uuid); it != pending_.end()) return it->second;
  if (!base_) return std::nullopt;
  const auto* s = base_->find(uuid);
  if (s == nullptr || RouteTable::is_tombstone(*s)) return std::nullopt;
  return base_->record(*s);
}

void ReplicaBuilder::fold() {
  RouteTable::Builder b;
  b.reserve(base_->size() + pending_.size(), 0);
  base_->for_each([&](const RouteTable::Slot& s) {
    if (pending_.count(s.uuid) == 0) b.add(base_->record(s));
  });
  for (const auto& [uuid, rec] : pending_)
    if (rec) b.add(*rec);
  base_ = b.finish();
  base_counts_ = count_table(*base_);
  pending_.clear();
}

EntryCounts ReplicaBuilder::count() const {
  EntryCounts c = base_counts_;
  for (const auto& [uuid, rec] : pending_) {
    if (const auto* s = base_->find(uuid); s != nullptr && !RouteTable::is_tombstone(*s))
      tally(c, base_->entry(*s).type, -1);
    if (rec) tally(c, rec->type, 1);
  }
  return c;
}

std::shared_ptr<const Snapshot> ReplicaBuilder::publish() {
  if (!loaded_) return nullptr;
  if (!dirty_ && published_) return published_;
  if (pending_.size() >= fold_at_) fold();
  std::shared_ptr<const RouteTable> overlay;
  if (!pending_.empty()) {
    RouteTable::Builder b;
    for (const auto& [uuid, rec] : pending_) {
      if (rec)
        b.add(*rec);
      else
        b.add_tombstone(uuid);
    }
    overlay = b.finish();
  }
  published_ = std::make_shared<const Snapshot>(base_, std::move(overlay), count());
  dirty_ = false;
  return published_;
}

}  // namespace umind::replica
