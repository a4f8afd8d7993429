// route_table.cpp — building and probing the compact table (linear probing,
// load factor <= 0.7, power-of-two capacity).
#include "milter/replica/route_table.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

namespace umind::replica {
namespace {

constexpr std::uint32_t empty_index = 0xffffffffu;
constexpr std::uint8_t kind_mask = 0x03;
constexpr std::uint8_t forward_enabled_bit = 0x04;
constexpr std::uint8_t tombstone_bit = 0x08;
constexpr std::uint8_t superseded_bit = 0x10;

std::uint64_t mix(std::uint64_t h) noexcept {  // murmur3's finalizer
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::uint64_t hash_name(std::string_view s) noexcept {  // FNV-1a, then mixed
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix(h);
}

std::uint64_t hash_uuid(const EntryUuid& u) noexcept {
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, u.bytes.data(), 8);
  std::memcpy(&b, u.bytes.data() + 8, 8);
  return mix(a ^ mix(b));
}

int kind_rank(std::uint8_t flags) noexcept {  // live > list > alias
  switch (static_cast<DirectoryEntry::Type>(flags & kind_mask)) {
    case DirectoryEntry::Type::live: return 2;
    case DirectoryEntry::Type::list: return 1;
    case DirectoryEntry::Type::alias: return 0;
  }
  return 0;
}

std::uint32_t append(std::vector<char>& arena, std::string_view text) {
  if (arena.size() + text.size() > 0xffffffffULL) throw std::length_error("replica text arena over 4 GiB");
  auto at = static_cast<std::uint32_t>(arena.size());
  arena.insert(arena.end(), text.begin(), text.end());
  return at;
}

}  // namespace

std::size_t EntryUuidHash::operator()(const EntryUuid& u) const noexcept { return hash_uuid(u); }

void RouteTable::Builder::reserve(std::size_t records, std::size_t text_bytes) {
  slots_.reserve(records);
  arena_.reserve(text_bytes);
}

bool RouteTable::Builder::add(const RouteRecord& r) {
  if (r.name.empty() || r.name.size() > max_name_length || r.target.size() > max_target_length) return false;
  Slot s;
  s.uuid = r.uuid;
  s.forward_until = r.forward_until.time_since_epoch().count();
  s.name_at = append(arena_, r.name);
  s.name_len = static_cast<std::uint8_t>(r.name.size());
  s.target_at = append(arena_, r.target);
  s.target_len = static_cast<std::uint16_t>(r.target.size());
  s.flags = static_cast<std::uint8_t>(static_cast<std::uint8_t>(r.type) & kind_mask);
  if (r.forward_enabled) s.flags |= forward_enabled_bit;
  slots_.push_back(s);
  return true;
}

void RouteTable::Builder::add_tombstone(const EntryUuid& uuid) {
  Slot s;
  s.uuid = uuid;
  s.flags = tombstone_bit;
  slots_.push_back(s);
}

std::shared_ptr<const RouteTable> RouteTable::Builder::finish() {
  auto t = std::make_shared<RouteTable>();
  t->slots_ = std::move(slots_);
  t->slots_.shrink_to_fit();
  t->arena_ = std::move(arena_);
  t->arena_.shrink_to_fit();
  slots_.clear();
  arena_.clear();
  if (t->slots_.size() >= empty_index) throw std::length_error("replica over 4G entries");
  std::size_t capacity = std::bit_ceil(t->slots_.size() * 10 / 7 + 8);
  t->mask_ = capacity - 1;
  t->by_uuid_.assign(capacity, empty_index);
  t->by_name_.assign(capacity, empty_index);

  for (std::uint32_t i = 0; i < t->slots_.size(); ++i) {  // entryUUID: the last one counts
    Slot& s = t->slots_[i];
    for (std::size_t p = hash_uuid(s.uuid) & t->mask_;; p = (p + 1) & t->mask_) {
      std::uint32_t& cell = t->by_uuid_[p];
      if (cell == empty_index) {
        cell = i;
        break;
      }
      if (t->slots_[cell].uuid == s.uuid) {
        t->slots_[cell].flags |= superseded_bit;
        cell = i;
        break;
      }
    }
  }
  for (std::uint32_t i = 0; i < t->slots_.size(); ++i) {
    const Slot& s = t->slots_[i];
    if (!is_current(s) || is_tombstone(s)) continue;
    ++t->records_;
    std::string_view n = t->name(s);
    for (std::size_t p = hash_name(n) & t->mask_;; p = (p + 1) & t->mask_) {
      std::uint32_t& cell = t->by_name_[p];
      if (cell == empty_index) {
        cell = i;
        break;
      }
      if (t->name(t->slots_[cell]) == n) {
        if (kind_rank(s.flags) > kind_rank(t->slots_[cell].flags)) cell = i;
        break;
      }
    }
  }
  return t;
}

const RouteTable::Slot* RouteTable::find(std::string_view name) const noexcept {
  if (by_name_.empty()) return nullptr;
  for (std::size_t p = hash_name(name) & mask_;; p = (p + 1) & mask_) {
    std::uint32_t cell = by_name_[p];
    if (cell == empty_index) return nullptr;
    const Slot& s = slots_[cell];
    if (s.name_len == name.size() && std::memcmp(arena_.data() + s.name_at, name.data(), name.size()) == 0)
      return &s;
  }
}

const RouteTable::Slot* RouteTable::find(const EntryUuid& uuid) const noexcept {
  if (by_uuid_.empty()) return nullptr;
  for (std::size_t p = hash_uuid(uuid) & mask_;; p = (p + 1) & mask_) {
    std::uint32_t cell = by_uuid_[p];
    if (cell == empty_index) return nullptr;
    if (slots_[cell].uuid == uuid) return &slots_[cell];
  }
}

DirectoryEntry RouteTable::entry(const Slot& s) const noexcept {
  DirectoryEntry e;
  e.type = static_cast<DirectoryEntry::Type>(s.flags & kind_mask);
  e.target = std::string_view(arena_.data() + s.target_at, s.target_len);
  e.forward_until = TimePoint(std::chrono::seconds(s.forward_until));
  e.forward_enabled = (s.flags & forward_enabled_bit) != 0;
  return e;
}

bool RouteTable::is_tombstone(const Slot& s) noexcept { return (s.flags & tombstone_bit) != 0; }
bool RouteTable::is_current(const Slot& s) noexcept { return (s.flags & superseded_bit) == 0; }

RouteRecord RouteTable::record(const Slot& s) const {
  DirectoryEntry e = entry(s);
  return RouteRecord{s.uuid, std::string(name(s)), e.type, std::string(e.target), e.forward_until, e.forward_enabled};
}

std::size_t RouteTable::memory_bytes() const noexcept {
  return slots_.capacity() * sizeof(Slot) + arena_.capacity() + (by_name_.capacity() + by_uuid_.capacity()) * 4;
}

}  // namespace umind::replica
