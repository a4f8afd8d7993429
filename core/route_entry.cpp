// route_entry.cpp — classifying an entry and reading its routing attributes.
#include "core/route_entry.hpp"

#include <cstring>

#include "core/address.hpp"
#include "core/ldap_names.hpp"
#include "core/text.hpp"

namespace umind {
namespace {

const std::string* single(const LdapEntry& e, std::string_view attr) {
  auto it = e.attrs.find(attr);
  if (it == e.attrs.end() || it->second.empty()) return nullptr;
  return &it->second.front();
}

std::string named(const LdapEntry& e, std::string_view problem) { return quote_value(e.dn, 200) + ": " + std::string(problem); }

}  // namespace

std::optional<EntryUuid> entry_uuid_from_bytes(std::string_view raw) {
  if (raw.size() != 16) return std::nullopt;
  EntryUuid u;
  std::memcpy(u.bytes.data(), raw.data(), 16);
  return u;
}

DirectoryFact read_directory_entry(const LdapEntry& e, const Rdn& rdn, const EntryUuid& uuid) {
  if (has_class(e, ldap_class::sync_state)) {
    SyncStateRecord s;
    if (const auto* beat = single(e, ldap_attr::heartbeat)) s.heartbeat = parse_generalized_time(*beat);
    return s;
  }
  RouteRecord r;
  r.uuid = uuid;
  r.name = to_lower_ascii(rdn.value);
  std::string_view want_rdn;
  if (has_class(e, ldap_class::alias)) {
    r.type = DirectoryEntry::Type::alias;
    want_rdn = ldap_attr::uid;
  } else if (has_class(e, ldap_class::list)) {
    r.type = DirectoryEntry::Type::list;
    want_rdn = ldap_attr::cn;
  } else if (has_class(e, ldap_class::account) && has_class(e, ldap_class::person)) {
    r.type = DirectoryEntry::Type::live;
    want_rdn = ldap_attr::uid;
  } else {
    return named(e, "neither a person, an alias nor a list");
  }
  if (!iequals(rdn.attr, want_rdn)) return named(e, "the first RDN must be " + std::string(want_rdn) + "=");
  if (r.name.empty() || r.name.size() > max_name_length) return named(e, "the name is empty or longer than 255");

  if (r.type == DirectoryEntry::Type::list) {
    if (const auto* to = single(e, ldap_attr::deliver_to)) r.target = *to;  // none: the core answers 451
    if (r.target.size() > max_target_length) return named(e, "uminDeliverTo is longer than 1024");
  } else if (r.type == DirectoryEntry::Type::alias) {
    const auto* of = single(e, ldap_attr::alias_of);
    if (of == nullptr || of->empty()) return named(e, "an alias without uminAliasOf");
    r.target = to_lower_ascii(*of);
    if (r.target.size() > max_name_length) return named(e, "uminAliasOf is longer than 255");
    // No window or an unreadable one: the old address no longer forwards.
    if (const auto* until = single(e, ldap_attr::forward_until))
      if (auto t = parse_generalized_time(*until)) r.forward_until = *t;
    // Forwarding is on unless turned off (DESIGN §3); the sync role always writes it.
    const auto* enabled = single(e, ldap_attr::forward_enabled);
    r.forward_enabled = enabled == nullptr || *enabled == ldap_boolean::yes;
  }
  return r;
}

}  // namespace umind
