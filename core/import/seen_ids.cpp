// seen_ids.cpp — the flat open-addressing set of the IDs already met in an
// import file (linear probing, load <= 3/4, names packed in one buffer, a
// 16-bit hash tag per slot so most probes never touch the names).
// Lookup and insert never allocate except when the table or buffer grows.
#include <cstring>

#include "core/import/import_internal.hpp"

namespace umind::import_detail {
namespace {

std::uint64_t hash_name(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, then a final mix for the low bits
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

constexpr std::uint64_t tag_of(std::uint64_t hash) { return (hash >> 48) & 0xffff; }
constexpr std::size_t length_of(std::uint64_t where) {
  return static_cast<std::size_t>((where >> 16) & 0xff);
}
constexpr std::size_t offset_of(std::uint64_t where) { return static_cast<std::size_t>(where >> 24); }

}  // namespace

// The slot holding `name`, or the empty slot where it would go.
std::size_t SeenIds::locate(std::string_view name, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const std::uint64_t tag = tag_of(hash);
  for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
    const std::uint64_t w = slots_[i].where;
    if (w == 0) return i;
    if ((w & 0xffff) == tag && length_of(w) == name.size() &&
        std::memcmp(bytes_.data() + offset_of(w), name.data(), name.size()) == 0)
      return i;
  }
}

std::optional<SeenIds::Seen> SeenIds::find(std::string_view name) const {
  if (slots_.empty() || name.empty() || name.size() > 0xff) return std::nullopt;
  const Slot& s = slots_[locate(name, hash_name(name))];
  if (s.where == 0) return std::nullopt;
  return Seen{static_cast<std::size_t>(s.line_old >> 1), (s.line_old & 1) != 0};
}

std::optional<SeenIds::Seen> SeenIds::insert(std::string_view name, std::size_t line, bool as_old) {
  if (name.empty() || name.size() > 0xff) return std::nullopt;
  if ((count_ + 1) * 4 > slots_.size() * 3) grow();
  const std::uint64_t hash = hash_name(name);
  Slot& s = slots_[locate(name, hash)];
  if (s.where != 0) return Seen{static_cast<std::size_t>(s.line_old >> 1), (s.line_old & 1) != 0};
  s.where = (static_cast<std::uint64_t>(bytes_.size()) << 24) |
            (static_cast<std::uint64_t>(name.size()) << 16) | tag_of(hash);
  s.line_old = (static_cast<std::uint64_t>(line) << 1) | (as_old ? 1u : 0u);
  bytes_.append(name);
  ++count_;
  return std::nullopt;
}

void SeenIds::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.where == 0) continue;
    std::string_view name(bytes_.data() + offset_of(s.where), length_of(s.where));
    std::size_t i = static_cast<std::size_t>(hash_name(name)) & mask;
    while (slots_[i].where != 0) i = (i + 1) & mask;  // names are distinct: no compare needed
    slots_[i] = s;
  }
}

}  // namespace umind::import_detail
