// route_entry.hpp — what one LDAP entry of umind's tree means for routing
// (DESIGN §5), the reading half of core/ldap_entries: uid=ID,ou=people
// (inetOrgPerson + uminAccount) is a live ID, uid=OLD,ou=aliases (uminAlias)
// an old address, cn=NAME,ou=lists (uminList) a list, and cn=umind,ou=system
// (uminSyncState) carries the heartbeat that says how current the copy is.
// Pure: the milter's sync client passes the entry and its first RDN.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/ldap_entry.hpp"
#include "core/route_record.hpp"
#include "core/time.hpp"

namespace umind {

// The first RDN of the entry's DN, unescaped ("uid", "kiuchi-tky").
struct Rdn {
  std::string attr, value;
};

// The sync state entry: the uminHeartbeat it holds (none when the sync role
// writes none, or it cannot be read).
struct SyncStateRecord {
  std::optional<TimePoint> heartbeat;
};

// A route, the sync state, or why the entry is neither (an operator-readable
// reason; the entry is then treated as absent).
using DirectoryFact = std::variant<RouteRecord, SyncStateRecord, std::string>;

DirectoryFact read_directory_entry(const LdapEntry& e, const Rdn& rdn, const EntryUuid& uuid);

// The attributes the milter's sync search asks for.
inline constexpr const char* route_attributes[] = {"objectClass",      "uid",           "cn",
                                                   "uminAliasOf",      "uminForwardUntil", "uminForwardEnabled",
                                                   "uminDeliverTo",    "uminHeartbeat"};
// The entries it selects (indice entries carry uminAccount but are not inetOrgPerson).
inline constexpr const char* route_filter =
    "(|(&(objectClass=uminAccount)(objectClass=inetOrgPerson))(objectClass=uminAlias)(objectClass=uminList)"
    "(objectClass=uminSyncState))";

}  // namespace umind
