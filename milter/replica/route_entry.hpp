// route_entry.hpp — what one LDAP entry of the sync stream means for routing
// (DESIGN §5): uid=ID,ou=people (inetOrgPerson + uminAccount) is a live ID,
// uid=OLD,ou=aliases (uminAlias) an old address, cn=NAME,ou=lists (uminList)
// a list. Pure: the sync client passes the entry and its first RDN.
#pragma once
#include <string>
#include <string_view>
#include <variant>

#include "core/ldap_entry.hpp"
#include "milter/replica/route_record.hpp"

namespace umind::replica {

// The first RDN of the entry's DN, unescaped ("uid", "kiuchi-tky").
struct Rdn {
  std::string attr, value;
};

// The record, or why the entry is not a route (an operator-readable reason;
// the entry is then treated as absent).
std::variant<RouteRecord, std::string> route_record_from(const LdapEntry& e, const Rdn& rdn, const EntryUuid& uuid);

// The attributes the sync search asks for.
inline constexpr const char* route_attributes[] = {"objectClass", "uid", "cn", "uminAliasOf", "uminForwardUntil",
                                                   "uminForwardEnabled", "uminDeliverTo"};
// The entries it selects (indice entries carry uminAccount but are not inetOrgPerson).
inline constexpr const char* route_filter =
    "(|(&(objectClass=uminAccount)(objectClass=inetOrgPerson))(objectClass=uminAlias)(objectClass=uminList))";

}  // namespace umind::replica
