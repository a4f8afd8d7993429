// ldap_entries.cpp — the entries of DESIGN §5 from state records.
#include "core/ldap_entries.hpp"

#include <charconv>

#include "core/ldap_names.hpp"
#include "core/time.hpp"

namespace umind {
namespace {

void set(LdapEntry& e, const char* attr, std::string value) { e.attrs[attr] = {std::move(value)}; }

}  // namespace

LdapEntry people_entry(const TreeNames& t, const AccountState& a) {
  LdapEntry e;
  e.dn = ldap_names::people_dn(t.base, a.id);
  e.attrs["objectClass"] = {"inetOrgPerson", "uminAccount"};
  set(e, "uid", a.id);
  const std::string& shown = a.name.empty() ? a.id : a.name;
  set(e, "cn", shown);
  set(e, "sn", shown);
  set(e, "displayName", shown);
  set(e, "mail", a.id + "@" + t.domain);
  if (!a.affiliation.empty()) set(e, "o", a.affiliation);
  set(e, "uminKind", std::string(to_string(a.kind)));
  if (!a.services.empty()) e.attrs["uminService"] = a.services;
  set(e, "uminAccountKey", std::to_string(a.key));
  if (a.general_hash) set(e, "userPassword", *a.general_hash);
  return e;
}

std::optional<LdapEntry> indice_entry(const TreeNames& t, const AccountState& a) {
  if (a.status != AccountStatus::active || !a.indice_hash) return std::nullopt;
  LdapEntry e;
  e.dn = ldap_names::indice_dn(t.base, a.id);
  e.attrs["objectClass"] = {"account", "simpleSecurityObject", "uminAccount"};
  set(e, "uid", a.id);
  set(e, "uminKind", std::string(to_string(a.kind)));
  set(e, "uminAccountKey", std::to_string(a.key));
  set(e, "userPassword", *a.indice_hash);
  return e;
}

LdapEntry alias_entry(const TreeNames& t, const AliasState& a) {
  LdapEntry e;
  e.dn = ldap_names::alias_dn(t.base, a.old_id);
  e.attrs["objectClass"] = {"uminAlias"};
  set(e, "uid", a.old_id);
  set(e, "uminAliasOf", a.target_id);
  set(e, "uminForwardUntil", format_generalized_time(a.forward_until));
  set(e, "uminForwardEnabled", a.forward_enabled ? "TRUE" : "FALSE");
  set(e, "uminAliasReason", a.reason);
  return e;
}

LdapEntry list_entry(const TreeNames& t, const ListState& l) {
  LdapEntry e;
  e.dn = ldap_names::list_dn(t.base, l.name);
  e.attrs["objectClass"] = {"uminList"};
  set(e, "cn", l.name);
  set(e, "uminDeliverTo", l.deliver_to);
  set(e, "uminProtectMembers", l.protect_members ? "TRUE" : "FALSE");
  if (!l.member_ids.empty()) {
    auto& members = e.attrs["member"];
    for (const auto& id : l.member_ids) members.push_back(ldap_names::people_dn(t.base, id));
  }
  return e;
}

LdapEntry sync_state_entry(const TreeNames& t, std::int64_t seq) {
  LdapEntry e;
  e.dn = ldap_names::sync_state_dn(t.base);
  e.attrs["objectClass"] = {"uminSyncState"};
  set(e, "cn", "umind");
  set(e, "uminSyncSeq", std::to_string(seq));
  return e;
}

const std::vector<std::string>& managed_attributes(const LdapEntry& e) {
  static const std::vector<std::string> people{"cn", "sn", "displayName", "mail", "o", "uminKind",
                                               "uminService", "uminAccountKey", "userPassword"};
  static const std::vector<std::string> indice{"uminKind", "uminAccountKey", "userPassword"};
  static const std::vector<std::string> alias{"uminAliasOf", "uminForwardUntil", "uminForwardEnabled",
                                              "uminAliasReason"};
  static const std::vector<std::string> list{"uminDeliverTo", "uminProtectMembers", "member"};
  static const std::vector<std::string> sync_state{"uminSyncSeq"};
  static const std::vector<std::string> none;
  if (has_class(e, "inetOrgPerson")) return people;
  if (has_class(e, "simpleSecurityObject")) return indice;
  if (has_class(e, "uminAlias")) return alias;
  if (has_class(e, "uminList")) return list;
  if (has_class(e, "uminSyncState")) return sync_state;
  return none;
}

std::optional<std::int64_t> parse_account_key(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (!v.empty() && v.front() == '+') v.remove_prefix(1);
  std::int64_t key = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), key);
  if (v.empty() || ec != std::errc{} || end != v.data() + v.size()) return std::nullopt;
  return key;
}

}  // namespace umind
