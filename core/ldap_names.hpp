// ldap_names.hpp — the names of umind's LDAP tree (DESIGN §5) and the
// escaping that keeps any ID or value from changing a DN or a filter's
// meaning: RFC 4514 for DN attribute values, RFC 4515 for filter values.
// Pure string functions; every DN and filter umind sends is built here.
#pragma once
#include <string>
#include <string_view>

namespace umind::ldap_names {

// RFC 4514 §2.4: escapes , + " \ < > ; = and NUL, a leading space or '#'
// and a trailing space, so the value is one attribute value of one RDN.
std::string escape_dn_value(std::string_view value);

// RFC 4515 §3: escapes * ( ) \ and NUL as \2a \28 \29 \5c \00, so the value
// is matched literally.
std::string escape_filter_value(std::string_view value);

// uid=ID,ou=people,BASE and friends. `base` is the configured ldap.base_dn,
// used as it is (it comes from the operator's config, not from users).
std::string people_dn(std::string_view base, std::string_view id);
std::string indice_dn(std::string_view base, std::string_view id);
std::string alias_dn(std::string_view base, std::string_view old_id);
std::string list_dn(std::string_view base, std::string_view name);
std::string sync_state_dn(std::string_view base);  // cn=umind,ou=system,BASE

// The container of each kind of entry: ou=people,BASE …
std::string people_base(std::string_view base);
std::string indice_base(std::string_view base);
std::string aliases_base(std::string_view base);
std::string lists_base(std::string_view base);

}  // namespace umind::ldap_names

// The attribute and object class names of DESIGN §5, spelled once: the code
// that writes entries (core/ldap_entries) and the code that reads them back
// (core/route_entry, the sync engine) use these.
namespace umind::ldap_attr {
inline constexpr std::string_view object_class = "objectClass";
inline constexpr std::string_view uid = "uid";
inline constexpr std::string_view cn = "cn";
// people and indice entries
inline constexpr std::string_view sn = "sn";
inline constexpr std::string_view display_name = "displayName";
inline constexpr std::string_view mail = "mail";
inline constexpr std::string_view organization = "o";
inline constexpr std::string_view kind = "uminKind";
inline constexpr std::string_view service = "uminService";
inline constexpr std::string_view account_key = "uminAccountKey";
inline constexpr std::string_view user_password = "userPassword";
// aliases, lists, the sync state
inline constexpr std::string_view alias_of = "uminAliasOf";
inline constexpr std::string_view forward_until = "uminForwardUntil";
inline constexpr std::string_view forward_enabled = "uminForwardEnabled";
inline constexpr std::string_view alias_reason = "uminAliasReason";
inline constexpr std::string_view deliver_to = "uminDeliverTo";
inline constexpr std::string_view protect_members = "uminProtectMembers";
inline constexpr std::string_view member = "member";
inline constexpr std::string_view sync_seq = "uminSyncSeq";
inline constexpr std::string_view heartbeat = "uminHeartbeat";
}  // namespace umind::ldap_attr

namespace umind::ldap_class {
inline constexpr std::string_view person = "inetOrgPerson";
inline constexpr std::string_view account = "uminAccount";
// indice entries: RFC 4524's `account` (structural) with a userPassword
inline constexpr std::string_view cosine_account = "account";
inline constexpr std::string_view simple_security_object = "simpleSecurityObject";
inline constexpr std::string_view alias = "uminAlias";
inline constexpr std::string_view list = "uminList";
inline constexpr std::string_view sync_state = "uminSyncState";
}  // namespace umind::ldap_class

// RFC 4517's Boolean as uminForwardEnabled and uminProtectMembers hold it.
namespace umind::ldap_boolean {
inline constexpr std::string_view yes = "TRUE";
inline constexpr std::string_view no = "FALSE";
constexpr std::string_view of(bool value) { return value ? yes : no; }
}  // namespace umind::ldap_boolean
