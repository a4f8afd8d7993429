// entry_digest.cpp — order-independent digest: each value hashed, the value
// hashes of an attribute summed (a multiset), each attribute's sum mixed with
// its name, the attributes summed again with the DN.
#include "core/entry_digest.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

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
  std::array<char, 128> buf{};
  std::uint64_t h = s.size();
  do {
    std::size_t n = std::min(s.size(), buf.size());
    for (std::size_t i = 0; i < n; ++i) buf[i] = (s[i] >= 'A' && s[i] <= 'Z') ? static_cast<char>(s[i] + 32) : s[i];
    h = mix(h ^ hash(std::string_view(buf.data(), n)));
    s.remove_prefix(n);
  } while (!s.empty());
  return h;
}

}  // namespace

std::uint64_t entry_digest(const LdapEntry& e, const std::vector<std::string>& attributes) {
  std::uint64_t digest = hash_text(e.dn, true);
  auto add = [&](std::string_view name, bool fold) {
    auto it = e.attrs.find(name);
    if (it == e.attrs.end()) return;
    std::uint64_t values = it->second.size();
    for (const auto& v : it->second) values += hash_text(v, fold);
    digest += mix(hash_text(name, true) ^ mix(values));
  };
  add("objectClass", true);
  for (const auto& a : attributes) add(a, false);
  return digest;
}

}  // namespace umind
