// route_entry.cpp — classifying an entry and reading its routing attributes.
#include "milter/replica/route_entry.hpp"

#include <algorithm>

#include "core/address.hpp"
#include "core/text.hpp"

namespace umind::replica {
namespace {

bool has_class(const LdapEntry& e, std::string_view cls) {
  auto it = e.attrs.find("objectClass");
  if (it == e.attrs.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const std::string& v) { return iequals(v, cls); });
}

const std::string* single(const LdapEntry& e, std::string_view attr) {
  auto it = e.attrs.find(attr);
  if (it == e.attrs.end() || it->second.empty()) return nullptr;
  return &it->second.front();
}

std::string named(const LdapEntry& e, std::string_view problem) { return quote_value(e.dn, 200) + ": " + std::string(problem); }

}  // namespace

std::variant<RouteRecord, std::string> route_record_from(const LdapEntry& e, const Rdn& rdn, const EntryUuid& uuid) {
  RouteRecord r;
  r.uuid = uuid;
  r.name = to_lower_ascii(rdn.value);
  std::string_view want_rdn;
  if (has_class(e, "uminAlias")) {
    r.type = DirectoryEntry::Type::alias;
    want_rdn = "uid";
  } else if (has_class(e, "uminList")) {
    r.type = DirectoryEntry::Type::list;
    want_rdn = "cn";
  } else if (has_class(e, "uminAccount") && has_class(e, "inetOrgPerson")) {
    r.type = DirectoryEntry::Type::live;
    want_rdn = "uid";
  } else {
    return named(e, "neither a person, an alias nor a list");
  }
  if (!iequals(rdn.attr, want_rdn)) return named(e, "the first RDN must be " + std::string(want_rdn) + "=");
  if (r.name.empty() || r.name.size() > max_name_length) return named(e, "the name is empty or longer than 255");

  if (r.type == DirectoryEntry::Type::list) {
    if (const auto* to = single(e, "uminDeliverTo")) r.target = *to;  // none: the core answers 451
    if (r.target.size() > max_target_length) return named(e, "uminDeliverTo is longer than 1024");
  } else if (r.type == DirectoryEntry::Type::alias) {
    const auto* of = single(e, "uminAliasOf");
    if (of == nullptr || of->empty()) return named(e, "an alias without uminAliasOf");
    r.target = to_lower_ascii(*of);
    if (r.target.size() > max_name_length) return named(e, "uminAliasOf is longer than 255");
    // No window or an unreadable one: the old address no longer forwards.
    if (const auto* until = single(e, "uminForwardUntil"))
      if (auto t = parse_generalized_time(*until)) r.forward_until = *t;
    // Forwarding is on unless turned off (DESIGN §3); the sync role always writes it.
    const auto* enabled = single(e, "uminForwardEnabled");
    r.forward_enabled = enabled == nullptr || *enabled == "TRUE";
  }
  return r;
}

}  // namespace umind::replica
