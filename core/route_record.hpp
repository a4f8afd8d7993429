// route_record.hpp — one routing fact of the directory as an LDAP entry holds
// it (and the milter's replica keeps it): a live ID, an old address (alias) or a list, keyed by the LDAP
// entry's entryUUID (the only key that survives a modrdn). Plain data.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/routing.hpp"
#include "core/time.hpp"

namespace umind {

// An entryUUID in the 16-byte binary form of the Sync State control.
struct EntryUuid {
  std::array<unsigned char, 16> bytes{};
  friend bool operator==(const EntryUuid&, const EntryUuid&) = default;
};

// nullopt unless `raw` is exactly 16 bytes.
std::optional<EntryUuid> entry_uuid_from_bytes(std::string_view raw);

struct RouteRecord {
  EntryUuid uuid;
  std::string name;  // lowercased uid (live ID, alias) or cn (list)
  DirectoryEntry::Type type = DirectoryEntry::Type::live;
  std::string target;  // alias: the ID it points to; list: its deliver-to address
  TimePoint forward_until{};
  bool forward_enabled = false;
};

// Longest name and target the table stores (IDs are <= 20 characters; an
// address is <= 254).
inline constexpr std::size_t max_name_length = 255;
inline constexpr std::size_t max_target_length = 1024;

}  // namespace umind
