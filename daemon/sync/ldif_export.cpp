// ldif_export.cpp — the tree as LDIF, written with libldap's ldif_put_wrap.
#include "daemon/sync/ldif_export.hpp"

#include <ldap.h>
#include <ldif.h>

#include <optional>

#include "core/ldap_plan.hpp"

namespace umind::sync {
namespace {

void put(std::string& out, const std::string& name, const std::string& value) {
  char* line = ldif_put_wrap(LDIF_PUT_VALUE, name.c_str(), value.data(), value.size(), LDIF_LINE_WIDTH_MAX);
  if (line == nullptr) throw std::bad_alloc();
  out += line;
  ber_memfree(line);
}

LdapEntry container(const std::string& base, const char* ou, const char* description) {
  LdapEntry e;
  e.dn = std::string("ou=") + ou + "," + base;
  e.attrs["objectClass"] = {"organizationalUnit"};
  e.attrs["ou"] = {ou};
  e.attrs["description"] = {description};
  return e;
}

// The suffix entry as base.ldif has it, for a dc= or o= suffix; for any
// other suffix the operator loads it first.
std::optional<LdapEntry> suffix_entry(const std::string& base) {
  std::string rdn(first_rdn(base));
  auto eq = rdn.find('=');
  if (eq == std::string::npos || rdn.find('\\') != std::string::npos) return std::nullopt;
  std::string type = rdn.substr(0, eq), value = rdn.substr(eq + 1);
  LdapEntry e;
  e.dn = base;
  if (type == "dc") {
    e.attrs["objectClass"] = {"top", "dcObject", "organization"};
    e.attrs["dc"] = {value};
    e.attrs["o"] = {"UMIN"};
  } else if (type == "o") {
    e.attrs["objectClass"] = {"top", "organization"};
    e.attrs["o"] = {value};
  } else {
    return std::nullopt;
  }
  return e;
}

}  // namespace

void append_ldif(std::string& out, const LdapEntry& e) {
  put(out, "dn", e.dn);
  // objectClass first, as slapadd prefers
  if (auto it = e.attrs.find("objectClass"); it != e.attrs.end())
    for (const auto& v : it->second) put(out, it->first, v);
  for (const auto& [name, values] : e.attrs) {
    if (name == "objectClass") continue;
    for (const auto& v : values) put(out, name, v);
  }
  out += '\n';
}

LdifExport export_ldif(store::StoreReader& reader, const TreeNames& tree) {
  LdifExport x;
  auto emit = [&](const LdapEntry& e) {
    append_ldif(x.text, e);
    ++x.entries;
  };
  if (auto suffix = suffix_entry(tree.base)) emit(*suffix);
  emit(container(tree.base, "people", "one entry per live ID: general password, mail, services"));
  emit(container(tree.base, "indice", "INDICE passwords; the INDICE/NCD IdP binds here"));
  emit(container(tree.base, "aliases", "former IDs (rename/merge) and where their mail goes"));
  emit(container(tree.base, "lists", "mailing lists and the address their mail is routed to"));
  emit(container(tree.base, "system", "umind state and service DNs (umind, sso-reader, milter)"));
  store::Snapshot snapshot(reader);
  x.journal_head = reader.journal_head();
  emit(sync_state_entry(tree, x.journal_head));
  reader.each_active_account([&](AccountState&& a) {
    emit(people_entry(tree, a));
    if (auto i = indice_entry(tree, a)) emit(*i);
  });
  reader.each_alias([&](AliasState&& a) { emit(alias_entry(tree, a)); });
  reader.each_list([&](ListState&& l) { emit(list_entry(tree, l)); });
  return x;
}

}  // namespace umind::sync
