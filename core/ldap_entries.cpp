// ldap_entries.cpp — the entries of DESIGN §5 from state records.
#include "core/ldap_entries.hpp"

#include <charconv>
#include <initializer_list>

#include "core/ldap_names.hpp"
#include "core/time.hpp"

namespace umind {
namespace {

namespace attr = ldap_attr;
namespace cls = ldap_class;

// Owned copies of the names (an LdapAttributes key, a vector of classes).
std::vector<std::string> names(std::initializer_list<std::string_view> list) { return {list.begin(), list.end()}; }

void set(LdapEntry& e, std::string_view name, std::string value) { e.attrs[std::string(name)] = {std::move(value)}; }
void set_all(LdapEntry& e, std::string_view name, std::vector<std::string> values) {
  e.attrs[std::string(name)] = std::move(values);
}

}  // namespace

LdapEntry people_entry(const TreeNames& t, const AccountState& a) {
  LdapEntry e;
  e.dn = ldap_names::people_dn(t.base, a.id);
  set_all(e, attr::object_class, names({cls::person, cls::account}));
  set(e, attr::uid, a.id);
  const std::string& shown = a.name.empty() ? a.id : a.name;
  set(e, attr::cn, shown);
  set(e, attr::sn, shown);
  set(e, attr::display_name, shown);
  set(e, attr::mail, a.id + "@" + t.domain);
  if (!a.affiliation.empty()) set(e, attr::organization, a.affiliation);
  set(e, attr::kind, std::string(to_string(a.kind)));
  if (!a.services.empty()) set_all(e, attr::service, a.services);
  set(e, attr::account_key, std::to_string(a.key));
  if (a.general_hash) set(e, attr::user_password, *a.general_hash);
  return e;
}

std::optional<LdapEntry> indice_entry(const TreeNames& t, const AccountState& a) {
  if (a.status != AccountStatus::active || !a.indice_hash) return std::nullopt;
  LdapEntry e;
  e.dn = ldap_names::indice_dn(t.base, a.id);
  set_all(e, attr::object_class, names({cls::cosine_account, cls::simple_security_object, cls::account}));
  set(e, attr::uid, a.id);
  set(e, attr::kind, std::string(to_string(a.kind)));
  set(e, attr::account_key, std::to_string(a.key));
  set(e, attr::user_password, *a.indice_hash);
  return e;
}

LdapEntry alias_entry(const TreeNames& t, const AliasState& a) {
  LdapEntry e;
  e.dn = ldap_names::alias_dn(t.base, a.old_id);
  set_all(e, attr::object_class, names({cls::alias}));
  set(e, attr::uid, a.old_id);
  set(e, attr::alias_of, a.target_id);
  set(e, attr::forward_until, format_generalized_time(a.forward_until));
  set(e, attr::forward_enabled, std::string(ldap_boolean::of(a.forward_enabled)));
  set(e, attr::alias_reason, a.reason);
  return e;
}

LdapEntry list_entry(const TreeNames& t, const ListState& l) {
  LdapEntry e;
  e.dn = ldap_names::list_dn(t.base, l.name);
  set_all(e, attr::object_class, names({cls::list}));
  set(e, attr::cn, l.name);
  set(e, attr::deliver_to, l.deliver_to);
  set(e, attr::protect_members, std::string(ldap_boolean::of(l.protect_members)));
  if (!l.member_ids.empty()) {
    std::vector<std::string> members;
    for (const auto& id : l.member_ids) members.push_back(ldap_names::people_dn(t.base, id));
    set_all(e, attr::member, std::move(members));
  }
  return e;
}

LdapEntry sync_state_entry(const TreeNames& t, std::int64_t seq) {
  LdapEntry e;
  e.dn = ldap_names::sync_state_dn(t.base);
  set_all(e, attr::object_class, names({cls::sync_state}));
  set(e, attr::cn, "umind");
  set(e, attr::sync_seq, std::to_string(seq));
  return e;
}

const std::vector<std::string>& managed_attributes(const LdapEntry& e) {
  static const auto people = names({attr::cn, attr::sn, attr::display_name, attr::mail, attr::organization, attr::kind,
                                    attr::service, attr::account_key, attr::user_password});
  static const auto indice = names({attr::kind, attr::account_key, attr::user_password});
  static const auto alias = names({attr::alias_of, attr::forward_until, attr::forward_enabled, attr::alias_reason});
  static const auto list = names({attr::deliver_to, attr::protect_members, attr::member});
  static const auto sync_state = names({attr::sync_seq});
  static const std::vector<std::string> none;
  if (has_class(e, cls::person)) return people;
  if (has_class(e, cls::simple_security_object)) return indice;
  if (has_class(e, cls::alias)) return alias;
  if (has_class(e, cls::list)) return list;
  if (has_class(e, cls::sync_state)) return sync_state;
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
