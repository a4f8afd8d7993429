// entry_digest.cpp — order-independent digest: each value hashed, the value
// hashes of an attribute summed (a multiset), each attribute's sum mixed with
// its name, the attributes summed again with the DN.
#include "core/entry_digest.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

#include "core/text.hpp"

namespace umind {
namespace {

// splitmix64's finalizer: spreads every input bit over the output, so sums
// of mixed hashes do not cancel out.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The library's string hash (several bytes per step), mixed; text compared
// without case is folded first, a stack buffer at a time.
std::uint64_t hash_text(std::string_view s, bool fold) {
  constexpr std::hash<std::string_view> hash;
  if (!fold) return mix(hash(s));
  std::array<char, 128> buf;
  std::uint64_t h = mix(s.size());
  while (!s.empty()) {
    std::size_t n = std::min(s.size(), buf.size());
    std::transform(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n), buf.begin(),
                   [](char c) { return to_lower_ascii(c); });
    h = mix(h ^ hash(std::string_view(buf.data(), n)));
    s.remove_prefix(n);
  }
  return h;
}

}  // namespace

EntryDigest::EntryDigest(std::string_view dn, const std::vector<std::string>& compared)
    : compared_(compared), digest_(hash_text(dn, true)) {}

// An attribute is known by its place in the compared list (objectClass: 0),
// so names are not hashed entry after entry.
template <class Values>
void EntryDigest::add_values(std::string_view attribute, const Values& values) {
  std::uint64_t place = 0;
  bool fold = equal_ignoring_case(attribute, "objectClass");  // object class names compare without case
  if (!fold) {
    auto it = std::find_if(compared_.begin(), compared_.end(),
                           [&](const std::string& c) { return equal_ignoring_case(c, attribute); });
    if (it == compared_.end()) return;
    place = static_cast<std::uint64_t>(it - compared_.begin()) + 1;
  }
  std::uint64_t sum = values.size();
  for (const auto& v : values) sum += hash_text(v, fold);
  digest_ += mix(mix(place + 0x9e3779b97f4a7c15ULL) ^ sum);
}

void EntryDigest::add(std::string_view attribute, std::span<const std::string_view> values) {
  add_values(attribute, values);
}
void EntryDigest::add(std::string_view attribute, const std::vector<std::string>& values) {
  add_values(attribute, values);
}

std::uint64_t entry_digest(const LdapEntry& e, const std::vector<std::string>& compared) {
  EntryDigest d(e.dn, compared);
  for (const auto& [name, values] : e.attrs) d.add(name, values);
  return d.value();
}

}  // namespace umind
