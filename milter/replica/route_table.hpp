// route_table.hpp — an immutable, compact table of RouteRecords: one flat
// array of 40-byte slots, every name and target in one character arena, and
// two open-addressing indexes (name -> slot, entryUUID -> slot). Built once by
// RouteTable::Builder, then only read, by any number of threads, without
// locks or allocation. The same type holds the replica's base (every entry)
// and its overlay of recent changes, where a tombstone says "this entryUUID
// is gone". Never does I/O.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "milter/replica/route_record.hpp"

namespace umind::replica {

class RouteTable {
 public:
  struct Slot {
    EntryUuid uuid;
    std::int64_t forward_until = 0;  // seconds since the epoch
    std::uint32_t name_at = 0;
    std::uint32_t target_at = 0;
    std::uint16_t target_len = 0;
    std::uint8_t name_len = 0;
    std::uint8_t flags = 0;  // kind_mask | forward_enabled_bit | tombstone_bit | superseded_bit
  };

  class Builder {
   public:
    void reserve(std::size_t records, std::size_t text_bytes);
    // False (nothing added) when the name or target is too long or the name empty.
    bool add(const RouteRecord& r);
    // The entry with this entryUUID is gone (overlays only).
    void add_tombstone(const EntryUuid& uuid);
    // For an entryUUID added more than once the last one counts. Two live
    // records with one name: a live ID wins over a list, a list over an alias.
    std::shared_ptr<const RouteTable> finish();

   private:
    std::vector<Slot> slots_;
    std::vector<char> arena_;
  };

  // The record named `name` (lowercased, no +detail); never a tombstone.
  const Slot* find(std::string_view name) const noexcept;
  // The slot of this entryUUID (a record or a tombstone).
  const Slot* find(const EntryUuid& uuid) const noexcept;

  DirectoryEntry entry(const Slot& s) const noexcept;
  std::string_view name(const Slot& s) const noexcept { return {arena_.data() + s.name_at, s.name_len}; }
  static bool is_tombstone(const Slot& s) noexcept;
  RouteRecord record(const Slot& s) const;

  // Records (not tombstones, not superseded), in insertion order.
  template <class F>
  void for_each(F&& each) const {
    for (const Slot& s : slots_)
      if (is_current(s) && !is_tombstone(s)) each(s);
  }
  // Every current slot, tombstones included.
  template <class F>
  void for_each_change(F&& each) const {
    for (const Slot& s : slots_)
      if (is_current(s)) each(s);
  }
  std::size_t size() const noexcept { return records_; }
  std::size_t memory_bytes() const noexcept;

 private:
  static bool is_current(const Slot& s) noexcept;
  std::vector<Slot> slots_;
  std::vector<char> arena_;
  std::vector<std::uint32_t> by_name_;
  std::vector<std::uint32_t> by_uuid_;
  std::size_t mask_ = 0;
  std::size_t records_ = 0;
};

}  // namespace umind::replica
