// stored_hash.cpp — the {TAG} of a userPassword value. Reads only the tag;
// never copies or echoes the hash.
#include "daemon/passwords/stored_hash.hpp"

#include <array>

#include "core/text.hpp"

namespace umind {
namespace {

constexpr std::array all_schemes{StoredScheme::crypt, StoredScheme::argon2, StoredScheme::ssha,
                                 StoredScheme::ssha512, StoredScheme::sha};

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower_ascii(a[i]) != to_lower_ascii(b[i])) return false;
  return true;
}

}  // namespace

std::string_view tag_name(StoredScheme scheme) noexcept {
  switch (scheme) {
    case StoredScheme::crypt: return "CRYPT";
    case StoredScheme::argon2: return "ARGON2";
    case StoredScheme::ssha: return "SSHA";
    case StoredScheme::ssha512: return "SSHA512";
    case StoredScheme::sha: return "SHA";
  }
  return "";
}

std::optional<StoredHash> parse_stored_hash(std::string_view stored) noexcept {
  if (stored.empty() || stored.front() != '{')
    return std::nullopt;
  auto close = stored.find('}');
  if (close == std::string_view::npos) return std::nullopt;
  auto tag = stored.substr(1, close - 1);
  for (StoredScheme s : all_schemes)
    if (equals_ignoring_case(tag, tag_name(s))) return StoredHash{s, stored.substr(close + 1)};
  return std::nullopt;
}

}  // namespace umind
